import { CliError } from '../cli-command.js';

/** The node a command talks to, and the Authorization header when a token is given. */
export function nodeConnection(options: { url?: string; token?: string }): {
  url: string;
  headers: Record<string, string>;
} {
  const url = (options.url ?? process.env.KETNOI_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(url))
    throw new CliError(`--url must be an http:// or https:// URL (got ${JSON.stringify(url)})`);
  const token = options.token ?? process.env.KETNOI_TOKEN;
  return { url, headers: token ? { authorization: `Bearer ${token}` } : {} };
}

/** A failed response as one line: the problem's detail when it is problem+json. */
export async function problemText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as {
      detail?: string;
      title?: string;
      errors?: Array<{ field: string; message: string }>;
    };
    // Field errors name what to fix (a schema refusal's fields are elements: its detail says more).
    const fields = problem.errors?.filter(
      (e) => !(problem.detail ?? '').includes(`Element '${e.field}'`) && e.field !== 'body',
    );
    if (fields !== undefined && fields.length > 0)
      return `${response.status} ${fields.map((e) => `${e.field} ${e.message}`).join('; ')}`;
    return `${response.status} ${problem.detail ?? problem.title ?? text}`;
  } catch {
    return `${response.status} ${text.slice(0, 500)}`;
  }
}
