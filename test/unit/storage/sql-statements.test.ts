import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openConnection } from '../../../runtime/storage/open-connection.js';
import { firstStatement, splitStatements } from '../../../runtime/storage/sql-statements.js';

// Real SQLite through this process's driver, which refuses SQL holding more than one statement.
const sqlite = () => openConnection({ kind: 'memory' });

describe('firstStatement', () => {
  it.each([
    ['SELECT 1; SELECT 2', 'SELECT 1;'],
    ['  SELECT 1  ', 'SELECT 1'],
    [';;  ; SELECT 1; SELECT 2', 'SELECT 1;'],
    ["SELECT 'a;b'; SELECT 2", "SELECT 'a;b';"],
    ["SELECT 'it''s;'; x", "SELECT 'it''s;';"],
    ['SELECT "a;b" FROM t; x', 'SELECT "a;b" FROM t;'],
    ['SELECT `a;b`, [c;d] FROM t; x', 'SELECT `a;b`, [c;d] FROM t;'],
    ['SELECT 1 -- no; end\n; SELECT 2', 'SELECT 1 -- no; end\n;'],
    ['SELECT 1 /* ; */ + 2; SELECT 3', 'SELECT 1 /* ; */ + 2;'],
    ['-- lead\n/* c */ SELECT 1', 'SELECT 1'],
    ['SELECT 1 /* unterminated ; comment', 'SELECT 1'],
    ["SELECT 'unterminated; x", "SELECT 'unterminated; x"],
    [
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE c SET x = CASE WHEN 1 THEN 2 END; END; SELECT 1',
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE c SET x = CASE WHEN 1 THEN 2 END; END;',
    ],
    [
      'create temporary trigger if not exists t after delete on a begin delete from b; end ; select 1',
      'create temporary trigger if not exists t after delete on a begin delete from b; end ;',
    ],
    ['EXPLAIN CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END; x', 'EXPLAIN CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;'],
    ['CREATE TABLE trigger (end INTEGER); SELECT 1', 'CREATE TABLE trigger (end INTEGER);'],
  ])('%j runs as %j', (sql, first) => {
    expect(firstStatement(sql)?.text).toBe(first);
  });

  it.each(['', '   ', ';', ' ; ;', '-- only a comment', '/* c */ ; -- d'])('%j has no statement', (sql) => {
    expect(firstStatement(sql)).toBeUndefined();
  });

  it('cuts what SQLite itself prepares: the driver accepts every first statement whole', () => {
    const db = sqlite();
    for (const table of ['a', 'b', 'c']) db.prepare(`CREATE TABLE ${table} (x)`).run([]);
    for (const sql of [
      "SELECT 'a;b', \"x\" FROM a; SELECT 2",
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE c SET x = CASE WHEN 1 THEN 2 END; END; DROP TABLE a',
      'SELECT 1 -- trailing; comment',
      ';; SELECT [x] FROM a /* ; */;;; SELECT 3',
    ]) {
      expect(() => db.prepare(firstStatement(sql)?.text ?? '')).not.toThrow();
    }
    db.close();
  });
});

describe('parameters', () => {
  it.each([
    ['SELECT ?, ?, ?', [undefined, undefined, undefined]],
    ['SELECT ?3', [undefined, undefined, '?3']],
    ['SELECT ?2, ?', [undefined, '?2', undefined]],
    ['SELECT ?, ?1', ['?1']],
    ['SELECT :a, @b, $c, :a', [':a', '@b', '$c']],
    ['SELECT :a, @a, $a', [':a', '@a', '$a']],
    ['SELECT :a, ?1, ?', [':a', undefined]],
    ['SELECT ?1, :a', ['?1', ':a']],
    ['SELECT :x1$y, :_z', [':x1$y', ':_z']],
    ["SELECT ':a', \"?\", `@b` -- ?\n /* :c */", []],
    ['SELECT ?1; SELECT ?2', ['?1']],
  ])('%j numbers its parameters as SQLite does: %j', (sql, names) => {
    expect(firstStatement(sql)?.parameters).toEqual(names);
  });

  it('agrees with sqlite3_bind_parameter_name: the driver binds named indexes by name', () => {
    const db = sqlite();
    // Both libraries bind a named parameter only by its name, and the rest in order, so a
    // wrong index here would misplace a value.
    const sql = 'SELECT :a, ?, ?5, @b, :a, ?';
    expect(firstStatement(sql)?.parameters).toEqual([':a', undefined, undefined, undefined, '?5', '@b', undefined]);
    expect(db.prepare(sql).all(['A', 2n, 3n, 4n, 'five', 'B', 7n])).toEqual([['A', 2n, 'five', 'B', 'A', 7n]]);
    db.close();
  });
});

describe('ATTACH file names', () => {
  it.each([
    ["ATTACH 'other.db' AS o", 'other.db'],
    ['ATTACH DATABASE "it""s.db" AS o', 'it"s.db'],
    ['attach database [x.db] as o', 'x.db'],
    ['ATTACH `x.db` AS o', 'x.db'],
    ['ATTACH other AS o', 'other'],
    ["ATTACH (('x.db')) AS o", 'x.db'],
    ["ATTACH '' AS o", ''],
    ["ATTACH ':memory:' AS o", ':memory:'],
    ["EXPLAIN QUERY PLAN ATTACH 'x.db' AS o", 'x.db'],
  ])('%j attaches %j', (sql, file) => {
    expect(firstStatement(sql)?.attachFile).toBe(file);
  });

  it.each(['ATTACH ? AS o', "ATTACH 'a' || 'b' AS o", 'ATTACH NULL AS o', "ATTACH x'00' AS o", "SELECT 'x.db' AS o", "DETACH 'o'"])(
    '%j gives the authorizer no file name',
    (sql) => {
      expect(firstStatement(sql)?.attachFile).toBeUndefined();
    },
  );
});

describe('splitStatements', () => {
  it('returns every statement, skipping empty ones', () => {
    expect(splitStatements('CREATE TABLE t (x);\n\n-- seed\nINSERT INTO t VALUES (1);;\nINSERT INTO t VALUES (:v)\n').map((s) => s.text)).toEqual([
      'CREATE TABLE t (x);',
      'INSERT INTO t VALUES (1);',
      'INSERT INTO t VALUES (:v)',
    ]);
  });
});

describe('splitting agrees with SQLite on generated scripts', () => {
  const text = fc.string({ unit: fc.constantFrom('a', ';', "'", '"', '-', '*', '/', ' ', '\n', 'é', '?', ':') });
  const gap = fc.array(
    fc.oneof(
      fc.constantFrom(' ', '\n', '\t'),
      text.map((body) => `-- ${body.replaceAll('\n', ' ')}\n`),
      text.map((body) => `/* ${body.replaceAll('*/', '')} */`),
    ),
    { maxLength: 3 },
  );
  const select = fc.tuple(fc.array(text, { minLength: 1, maxLength: 3 }), gap).map(([values, space]) => ({
    values,
    sql: `SELECT ${space.join('')}${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(`,${space.join('')}`)}`,
  }));
  const script = fc.tuple(fc.array(select, { minLength: 1, maxLength: 4 }), gap, fc.constantFrom(';', ';;', '; ;'));

  it('each statement returns exactly its own values', () => {
    const db = sqlite();
    fc.assert(
      fc.property(script, ([selects, space, separator]) => {
        const sql = selects.map((select) => select.sql).join(`${space.join('')}${separator}${space.join('')}`);
        const statements = splitStatements(sql);
        expect(statements.map((statement) => db.prepare(statement.text).all([])[0])).toEqual(selects.map((select) => select.values));
        expect(firstStatement(sql)?.text).toBe(statements[0]?.text);
      }),
    );
    db.close();
  });
});
