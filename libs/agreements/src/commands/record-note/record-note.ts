import { v7 as uuidv7 } from 'uuid';
import { defineCommandSlice } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsClientId, IsText } from '../shared/validators.js';
import { TEXT_RULES } from '@ketnoi/domain';

export class RecordNoteBody {
  @IsClientId({
    optional: true,
    description: 'UUID chosen by the client; the server makes a UUIDv7 when absent',
  })
  noteId?: string;

  @IsText(TEXT_RULES.longText)
  text!: string;
}

export const recordNote = defineCommandSlice({
  path: 'notes',
  rpc: 'RecordNote',
  summary: 'Record a note on the agreement',
  body: RecordNoteBody,
  params: AgreementParams,
  toCommand: (body) => ({ type: 'RecordNote', data: { noteId: body.noteId ?? uuidv7(), text: body.text } }),
});
