import type { IatiFileProblem } from './iati-file-error.js';

/**
 * xmllint's stderr, as problems a sender can act on. libxml2 quotes the offending value
 * (`'<value>' is not a valid value of ...`), prints the source line under a parser error and
 * leaks its own internals (`Unimplemented block at ../../xmlschemas.c:28711`); none of that
 * reaches a response. What is kept: the line, the element and attribute names, the schema's
 * expectation. A message of a shape not known here is replaced by a sentence rather than echoed.
 */
export function problemsFromXmllint(stderr: string, file: string): IatiFileProblem[] {
  const problems: IatiFileProblem[] = [];
  for (const message of messagesOf(stderr, file)) {
    const validity = /^:(\d+): (?:element [^:]+: )?Schemas validity error : ([\s\S]*)$/.exec(message);
    if (validity) {
      problems.push(fromValidityError(Number(validity[1]), validity[2]!));
      continue;
    }
    const parser = /^:(\d+): (?:[\w ]+ )?(?:parser|namespace) error : /.exec(message);
    if (parser)
      problems.push({
        line: Number(parser[1]),
        field: 'body',
        message: 'the file is not well-formed XML here',
      });
    // Anything else ("validates", "fails to validate", "failed to parse", libxml2's internals) says nothing of the file.
  }
  return problems;
}

/**
 * Messages, each starting at a line that begins with the file's path (xmllint's own verdicts,
 * `<file> fails to validate`, too). A quoted value may hold newlines, so the lines up to the
 * next message belong to this one, except libxml2's reports on itself, which belong to none.
 */
function messagesOf(stderr: string, file: string): string[] {
  const messages: string[] = [];
  for (const line of stderr.split('\n')) {
    if (line.startsWith(file)) messages.push(line.slice(file.length));
    else if (/^Unimplemented block at |\.c:\d+\b/.test(line)) continue;
    else if (messages.length > 0) messages[messages.length - 1] += `\n${line}`;
  }
  return messages.map((message) => message.trimEnd());
}

const SUBJECT = /^(Element '[^'\n]+'(?:, attribute '[^'\n]+')?): ([\s\S]*)$/;

/** Libxml2's sentences that quote nothing but names from the schema, and the element's name. */
const NAMES_ONLY = [
  /^This element is not expected\. Expected is (?:one of )?\( [\w\s,#*:{}./-]+ \)\.$/,
  /^Missing child element\(s\)\. Expected is (?:one of )?\( [\w\s,#*:{}./-]+ \)\.$/,
  /^The attribute '[^'\n]+' is (?:required but missing|not allowed)\.$/,
  /^Character content other than whitespace is not allowed because the content type is '[\w-]+'\.$/,
  /^Element content is not allowed, because the content type is (?:a simple type definition|empty)\.$/,
  /^No matching global declaration available for the validation root\.$/,
  /^\[facet '\w+'\] The value has a length of '\d+'; this (?:exceeds|underruns) the allowed (?:maximum|minimum) length of '\d+'\.$/,
];

/** Sentences that quote the value: the value is cut out, the rest kept. */
const QUOTING_THE_VALUE: ReadonlyArray<[RegExp, (...groups: string[]) => string]> = [
  [
    /^'[\s\S]*' is not a valid value of (the (?:atomic|list|union) type '[^'\n]+')\.$/,
    (type) => `the value is not a valid value of ${type}.`,
  ],
  [
    /^\[facet '(\w+)'\] The value '/,
    (facet) => `[facet '${facet}'] the value is not allowed by the schema's ${facet} facet.`,
  ],
];

function fromValidityError(line: number, text: string): IatiFileProblem {
  const subject = SUBJECT.exec(text);
  const field = subject ? /'([^']+)'/.exec(subject[1]!)![1]! : 'body';
  if (!subject) return { line, field, message: 'the IATI 2.03 schema refuses the file here.' };
  const [, who, what] = subject as unknown as [string, string, string];
  if (NAMES_ONLY.some((pattern) => pattern.test(what))) return { line, field, message: `${who}: ${what}` };
  for (const [pattern, sentence] of QUOTING_THE_VALUE) {
    const match = pattern.exec(what);
    if (match) return { line, field, message: `${who}: ${sentence(...match.slice(1))}` };
  }
  return { line, field, message: `${who}: the IATI 2.03 schema refuses this here.` };
}
