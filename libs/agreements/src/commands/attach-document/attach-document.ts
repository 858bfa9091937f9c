import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { v7 as uuidv7 } from 'uuid';
import { defineCommandSlice, defined } from '../shared/command-slice.js';
import { AgreementParams } from '../shared/params.js';
import { IsClientId, IsSha256, IsText } from '../shared/validators.js';
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

  @IsSha256({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  sha256!: string;

  @IsText(200, { optional: true, example: 'application/pdf' })
  mediaType?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER })
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
