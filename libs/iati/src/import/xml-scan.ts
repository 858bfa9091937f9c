import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { IatiFileError, type IatiFileProblem } from './iati-file-error.js';

/** An activity of the file: its identifier (once read) and the lines it spans. */
export interface ActivitySpan {
  readonly identifier: string | undefined;
  readonly line: number;
  readonly endLine: number;
}

/**
 * An IATI file's prolog holds the XML declaration and comments; a DTD, the only other thing
 * that may go there, is refused. Past this, the file is refused before the parser holds more.
 */
const MAX_PROLOG_CHARS = 1024 * 1024;

const DTD_REFUSED =
  'the file declares a DTD (<!DOCTYPE>); IATI files must not (a DTD can define entities that read local files or the network, or expand without end): remove the DOCTYPE';
const ENTITY_REFUSED =
  'the file refers to an entity XML does not predefine; an IATI file declares no entities, so only &amp; &lt; &gt; &quot; &apos; and character references (&#...;) may be used';

/**
 * Reads the whole file once with saxes (which never loads a DTD, an entity or anything from the
 * network) and refuses, naming the line and the activity: any DOCTYPE, with or without
 * entities, internal or external; any entity reference but XML's five; anything not well-formed.
 * It runs before xmllint, so libxml2 only ever sees a file without DTD or entities: nothing is
 * substituted, nothing fetched, whatever xmllint's options. `onActivity` sees each activity as
 * it closes; returning true stops the reading there.
 */
export async function scanXml(
  file: string,
  onActivity?: (activity: ActivitySpan) => boolean | void,
): Promise<void> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const tracker = new ActivityTracker();
  let refusal: IatiFileError | undefined;
  let done = false;
  let rootSeen = false;
  const refuse = (code: 'UNSAFE_XML' | 'MALFORMED_XML', message: string, line = parser.line) => {
    refusal ??= new IatiFileError(code, [{ line, field: 'body', message, ...tracker.where() }]);
  };
  parser.on('doctype', (text) => refuse('UNSAFE_XML', DTD_REFUSED, parser.line - newlines(text)));
  parser.on('error', (error) => {
    const reason = error.message.replace(/^\d+:\d+: /, '');
    if (reason === 'undefined entity.') return refuse('UNSAFE_XML', ENTITY_REFUSED);
    if (reason.startsWith('inappropriately located doctype')) return refuse('UNSAFE_XML', DTD_REFUSED);
    refuse('MALFORMED_XML', `${reason.replace(/\.$/, '')} (column ${parser.column})`);
  });
  parser.on('opentagstart', () => (rootSeen = true));
  parser.on('opentag', (tag) => tracker.open(tag as SaxesTagNS, parser.line));
  parser.on('text', (text) => tracker.text(text));
  parser.on('closetag', () => {
    const span = tracker.close(parser.line);
    // The rest of the chunk is still parsed; the listener hears nothing more.
    if (span && !done && onActivity?.(span) === true) done = true;
  });
  let read = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    parser.write(chunk as string);
    read += (chunk as string).length;
    if (!rootSeen && read > MAX_PROLOG_CHARS && !refusal)
      refuse(
        'UNSAFE_XML',
        "more than 1 MiB comes before the root element: an IATI file's prolog holds only the XML declaration and comments (a DTD is refused)",
      );
    if (refusal) throw refusal;
    if (done) return;
  }
  parser.close();
  if (refusal) throw refusal;
}

const newlines = (text: string): number => text.split('\n').length - 1;

/** Depth in the tree, and the activity being read: just what naming a problem's place needs. */
class ActivityTracker {
  private depth = 0;
  private activity: { identifier: string | undefined; line: number } | undefined;
  private identifier: string[] | undefined;

  open(tag: SaxesTagNS, line: number): void {
    this.depth++;
    if (this.depth === 2 && tag.uri === '' && tag.local === 'iati-activity')
      this.activity = { identifier: undefined, line };
    else if (this.depth === 3 && this.activity && tag.uri === '' && tag.local === 'iati-identifier')
      this.identifier = [];
  }

  text(text: string): void {
    // Enough to name the activity: a huge identifier is not held whole.
    if (this.identifier && this.identifier.length < 64) this.identifier.push(text.slice(0, 1024));
  }

  /** The activity that closes here, if one does. */
  close(line: number): ActivitySpan | undefined {
    const depth = this.depth--;
    if (depth === 3 && this.identifier && this.activity) {
      this.activity.identifier = this.identifier.join('').trim();
      this.identifier = undefined;
    }
    if (depth !== 2 || !this.activity) return undefined;
    const span = { ...this.activity, endLine: line };
    this.activity = undefined;
    return span;
  }

  where(): Pick<IatiFileProblem, 'activity'> {
    return this.activity ? { activity: { ...this.activity } } : {};
  }
}
