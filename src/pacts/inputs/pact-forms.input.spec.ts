import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { EditClauseForm } from './pact-forms.input.js';

describe('the clause form', () => {
  it('keeps the paragraphs of a clause typed in a browser, which sends its line breaks as CRLF', () => {
    const form = plainToInstance(EditClauseForm, { heading: 'Independent Monitor', body: 'First paragraph.\r\n\r\nSecond,\r\nwrapped.' });
    expect(form.body).toBe('First paragraph.\n\nSecond,\nwrapped.');
    expect(form.body.split('\n\n')).toHaveLength(2);
  });
});
