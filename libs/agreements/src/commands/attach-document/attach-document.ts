import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { v7 as uuidv7 } from 'uuid';
import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsClientId, IsText } from '../shared/validators.js';
import { TEXT_RULES } from '@ketnoi/domain';

/** The hub records the file's digest, never the file. */
export class AttachDocumentBody {
  @IsClientId({
    optional: true,
    description: 'UUID chosen by the client; the server makes a UUIDv7 when absent',
  })
  documentId?: string;

  @IsText(TEXT_RULES.name, { example: 'Signed grant agreement.pdf' })
  name!: string;

  @IsText(64, { description: 'SHA-256 of the file, lower-case hex' })
  @Matches(/^[0-9a-f]{64}$/, { message: '$property must be a SHA-256 digest: 64 lower-case hex digits' })
  sha256!: string;

  @IsText(200, { optional: true, example: 'application/pdf' })
  mediaType?: string;

  @ApiPropertyOptional({ type: Number })
  @IsOptional()
  @IsInt({ message: '$property must be an integer' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  sizeBytes?: number;
}

export const attachDocument = defineCommandSlice({
  path: 'documents',
  rpc: 'AttachDocument',
  summary: 'Attach a document by its SHA-256 digest',
  body: AttachDocumentBody,
  params: AgreementParams,
  toCommand: (body) => ({
    type: 'AttachDocument',
    data: defined({
      documentId: body.documentId ?? uuidv7(),
      name: body.name,
      sha256: body.sha256,
      mediaType: body.mediaType,
      sizeBytes: body.sizeBytes,
    }),
  }),
});
