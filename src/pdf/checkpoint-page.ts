import { PdfWriter, STYLE } from './pdf-writer.js';

export interface CheckpointLabels {
  checkpoint: string;
  checkpointExplained: string;
}

/**
 * The audit log checkpoint current at the document's publication, on a last page of its own:
 * outside what the content hash covers (that is the canonical JSON), so adding it changes nothing
 * that was hashed or signed. A kept copy of the PDF is then a copy of the checkpoint outside the
 * platform. Nothing is drawn for a document published before checkpoints existed.
 */
export function drawCheckpointPage(w: PdfWriter, labels: CheckpointLabels, note: string | null): void {
  if (!note) return;
  w.doc.addPage();
  w.text(labels.checkpoint, STYLE.section);
  w.space(12);
  w.text(labels.checkpointExplained, STYLE.body);
  w.space(12);
  w.text(note, STYLE.record);
}

export const ENGLISH_CHECKPOINT_LABELS: CheckpointLabels = {
  checkpoint: 'Audit log checkpoint',
  checkpointExplained:
    'The platform’s signed checkpoint of its audit log when this document was published. With it, anyone can check that the log ' +
    'was not rewritten before this point: see “Audit log checkpoints and offline verification” in the Pactwatch README.',
};
