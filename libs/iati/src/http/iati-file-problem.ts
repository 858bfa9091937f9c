import { ProblemException } from '@ketnoi/platform';
import { describeProblem, type IatiFileError, type IatiFileErrorCode } from '../import/iati-file-error.js';

const TITLES: Readonly<Record<IatiFileErrorCode, string>> = {
  UNSAFE_XML: 'XML with a DTD or entities is refused',
  MALFORMED_XML: 'Not well-formed XML',
  INVALID_IATI_FILE: 'Not a valid IATI 2.03 file',
};

/** A refused file as a 400: each problem names its activity, line and element, never the file's text. */
export function fileProblem(error: IatiFileError): ProblemException {
  return new ProblemException({
    status: 400,
    code: error.code,
    title: TITLES[error.code],
    detail: `${error.message.replace(/\.$/, '')}. Nothing was recorded.`,
    errors: error.problems.map((problem) => ({ field: problem.field, message: describeProblem(problem) })),
  });
}
