import { PDFParse } from 'pdf-parse';

/** The text of each page, in page order. */
export async function pdfPageTexts(pdf: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: pdf });
  try {
    const result = await parser.getText();
    return result.pages.map((page) => page.text);
  } finally {
    await parser.destroy();
  }
}

/** The text of the whole document, pages separated by a blank line. */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await pdfPageTexts(pdf)).join('\n\n');
}
