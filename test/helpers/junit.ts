// A --junit report read back with a JUnit parser (junit2json), as CI reads it: its one suite, a case by name, the
// properties, a case's output line by line.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { TestCase, TestSuite, TestSuites } from 'junit2json';
import { parse } from 'junit2json';

/** The one <testsuite> of a report (XML text). */
export async function junitSuite(xml: string): Promise<TestSuite> {
  const root = (await parse(xml)) as TestSuites;
  expect(root.testsuite, 'one <testsuite>').to.have.length(1);
  return root.testsuite?.[0] ?? {};
}

/** The one <testsuite> of a report file. */
export function junitSuiteOfFile(file: string): Promise<TestSuite> {
  return junitSuite(readFileSync(file, 'utf8'));
}

export function caseNamed(suite: TestSuite, name: string): TestCase {
  const found = suite.testcase?.find((testCase) => testCase.name === name);
  expect(found, `a <testcase> named ${name}`).to.not.equal(undefined);
  return found ?? {};
}

export function propertiesOf(suite: TestSuite): Record<string, unknown> {
  return Object.fromEntries((suite.properties ?? []).map((property) => [property.name, property.value]));
}

/** What a case printed (<system-out>), line by line. */
export function outputOf(testCase: TestCase): string[] {
  return (testCase['system-out'] ?? []).join('\n').split('\n');
}
