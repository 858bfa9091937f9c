/** Where in the file a problem is: the activity around it (when inside one) and the line. */
export interface IatiFileProblem {
  readonly line?: number;
  readonly activity?: { readonly identifier?: string | undefined; readonly line: number };
  /** The element the problem is about, or `body` for the file as a whole. */
  readonly field: string;
  /** Our sentence, or libxml2's with any quoted file content removed: never the file's text. */
  readonly message: string;
}

/**
 * Why a file is refused before anything is recorded:
 * - UNSAFE_XML: a DTD or an entity, which an IATI file never needs and a parser can be made to
 *   abuse (reading local files or the network through external entities, entity bombs);
 * - MALFORMED_XML: not well-formed XML;
 * - INVALID_IATI_FILE: well-formed, but the 2.03 schema refuses it.
 */
export type IatiFileErrorCode = 'UNSAFE_XML' | 'MALFORMED_XML' | 'INVALID_IATI_FILE';

const LEADS: Readonly<Record<IatiFileErrorCode, string>> = {
  UNSAFE_XML: 'the file was refused before it was parsed',
  MALFORMED_XML: 'the file is not well-formed XML',
  INVALID_IATI_FILE: 'the file is not valid IATI 2.03',
};

export class IatiFileError extends Error {
  constructor(
    readonly code: IatiFileErrorCode,
    readonly problems: readonly IatiFileProblem[],
  ) {
    super(`${LEADS[code]}: ${problems.map(describeProblem).join('; ')}`);
    this.name = 'IatiFileError';
  }
}

/** The identifier is the file's text: shown because it names the activity, but never at length. */
const MAX_IDENTIFIER = 100;

/** `activity 'KR-GOV-010-1' (line 4), line 15: <message>`. */
export function describeProblem(problem: IatiFileProblem): string {
  const where: string[] = [];
  const activity = problem.activity;
  if (activity) {
    const id = activity.identifier;
    where.push(
      id
        ? `activity '${id.length > MAX_IDENTIFIER ? `${id.slice(0, MAX_IDENTIFIER)}…` : id}' (line ${activity.line})`
        : `the activity at line ${activity.line}`,
    );
  }
  if (problem.line !== undefined && problem.line !== activity?.line) where.push(`line ${problem.line}`);
  return where.length === 0 ? problem.message : `${where.join(', ')}: ${problem.message}`;
}
