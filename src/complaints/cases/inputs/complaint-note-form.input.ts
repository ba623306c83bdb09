import { Length, Matches } from 'class-validator';

/** The internal note form of a complaint's page; its messages are catalogue keys. */
export class ComplaintNoteForm {
  @Length(1, 10_000, { message: 'partner.note.error.body' })
  @Matches(/\S/, { message: 'partner.note.error.body' })
  body: string;
}
