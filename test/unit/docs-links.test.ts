// Every relative link in README.md and docs/ leads somewhere: to a file that exists and, when it names one, to an
// anchor a heading of that page produces. External (http, https, mailto) links are not followed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/processes/server-executables';

/**
 * GitHub's anchor for a heading's text (the rules of github-slugger, which is not among this project's
 * dependencies): lower case; every character that is not a letter, mark, digit, connector (`_`), space or hyphen
 * dropped; each space a hyphen.
 */
export function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The text a heading shows: markdown's inline markup (code, links, images, emphasis, HTML tags) taken off. */
export function headingText(markdown: string): string {
  return markdown
    .replace(/\s+#+\s*$/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(^|[^\p{L}\p{N}])[*_]+(?=\S)/gu, '$1')
    .replace(/(?<=\S)[*_]+(?=$|[^\p{L}\p{N}])/gu, '')
    .trim();
}

/** The lines outside fenced code blocks (``` or ~~~), where neither headings nor links count. */
function proseLines(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length) fence = undefined;
    } else if (opening) {
      fence = opening[1];
    } else {
      lines.push(line);
    }
  }
  return lines;
}

/** Every anchor a page has: its headings' slugs (a repeated one gets -1, -2, … as on GitHub) and explicit ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      const slug = githubSlug(headingText(heading[1]));
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const id of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id[1]);
  }
  return anchors;
}

/** The link targets of a page: inline links and images, and reference definitions; code is left out. */
export function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const line of proseLines(markdown)) {
    const prose = line.replace(/(`+)[^`]*?\1/g, '');
    for (const link of prose.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+"[^"]*")?\s*\)/g)) {
      targets.push(link[1].replace(/^<|>$/g, ''));
    }
    const definition = /^ {0,3}\[[^\]]+\]:\s*(\S+)/.exec(prose);
    if (definition) targets.push(definition[1].replace(/^<|>$/g, ''));
  }
  return targets;
}

/** What is wrong with each relative link of this page, if anything. */
export function brokenLinks(
  file: string,
  markdown: string,
  read: (file: string) => string | undefined,
): string[] {
  const problems: string[] = [];
  for (const target of linkTargets(markdown)) {
    if (/^(https?|mailto):/i.test(target)) continue;
    const hash = target.indexOf('#');
    const filePart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    if (/^[a-z][a-z0-9+.-]*:/i.test(filePart) || filePart.startsWith('/')) {
      problems.push(
        `${target}: not a relative link (only http(s) and mailto links may leave the repository)`,
      );
      continue;
    }
    const linked = filePart === '' ? file : path.join(path.dirname(file), filePart);
    if (filePart !== '' && !existsSync(linked)) {
      problems.push(`${target}: ${path.relative(path.dirname(file), linked) || linked} does not exist`);
      continue;
    }
    if (anchor === undefined || !linked.endsWith('.md')) continue;
    const page = read(linked);
    if (page === undefined) problems.push(`${target}: cannot read ${linked}`);
    else if (!anchorsOf(page).has(anchor))
      problems.push(`${target}: no heading of ${filePart || 'this page'} makes #${anchor}`);
  }
  return problems;
}

describe('links in README.md and docs/', () => {
  const root = packageRoot();
  const docs = path.join(root, 'docs');
  const pages = [
    path.join(root, 'README.md'),
    ...readdirSync(docs, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.md'))
      .map((name) => path.join(docs, name)),
  ];
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

  it('makes anchors with GitHub’s rules', () => {
    expect(githubSlug(headingText('Where it runs'))).to.equal('where-it-runs');
    expect(githubSlug(headingText('Is SQLite durable enough?'))).to.equal('is-sqlite-durable-enough');
    expect(githubSlug(headingText('`order-demo worker activity`'))).to.equal('order-demo-worker-activity');
    expect(githubSlug(headingText('Exit codes (for CI)'))).to.equal('exit-codes-for-ci');
    expect(githubSlug(headingText('Durability — the ledger & chaos'))).to.equal(
      'durability--the-ledger--chaos',
    );
    expect(githubSlug(headingText('[The ledger](x.md) of _external_ effects'))).to.equal(
      'the-ledger-of-external-effects',
    );
    expect(githubSlug(headingText('snake_case stays'))).to.equal('snake_case-stays');
    expect([...anchorsOf('# Notes\n## Notes\n```bash\n# not a heading\n```\n### Notes')]).to.deep.equal([
      'notes',
      'notes-1',
      'notes-2',
    ]);
  });

  it('finds the broken ones', () => {
    const file = path.join(docs, 'example.md');
    const page = [
      '# Example',
      '[fine](#example) [also fine](../README.md) [web](https://example.com/#nowhere)',
      '[no such page](missing.md) [no such heading](#nowhere) `[code](missing.md)`',
      '```md',
      '[in a code block](missing.md)',
      '```',
    ].join('\n');
    expect(brokenLinks(file, page, (linked) => (linked === file ? page : read(linked)))).to.deep.equal([
      'missing.md: missing.md does not exist',
      '#nowhere: no heading of this page makes #nowhere',
    ]);
  });

  it('has no broken relative link or anchor', () => {
    expect(pages.length).to.be.greaterThan(1);
    const problems = pages.flatMap((page) =>
      brokenLinks(page, readFileSync(page, 'utf8'), read).map(
        (problem) => `${path.relative(root, page)}: ${problem}`,
      ),
    );
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});
