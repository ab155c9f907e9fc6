import { describe, expect, it } from 'vitest';
import { estFieldLabel, estFields, estSectionOf } from './establishmentForm';
import { formFieldIn, fromObject, schemaOf, toObject } from './postingForm';

describe('establishment sections (OPEN-1)', () => {
  it('builds the API section from the form and back, an int64 string read as a number', () => {
    const values = fromObject(estFields.company, { company_name: '株式会社テスト', capital_yen: '10000000', established_year: 1990 });
    expect(values.capital_yen).toBe('10000000');
    expect(values.established_year).toBe('1990');
    expect(values.sole_proprietor).toBe(false);
    expect(toObject(estFields.company, values)).toEqual({ company_name: '株式会社テスト', capital_yen: 10000000, established_year: 1990 });
  });
  it('requires what the service requires', () => {
    const r = schemaOf(estFields.basic).safeParse(fromObject(estFields.basic, undefined));
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['name', 'name_kana', 'postal_code', 'municipality_code', 'address', 'phone_number']));
    expect(paths).not.toContain('fax_number');
  });
  it('puts a service violation on its field and names it', () => {
    expect(formFieldIn(estFields.company, 'company', 'company.corporate_number')).toBe('corporate_number');
    expect(estSectionOf('basic.phone_number')).toBe('basic');
    expect(estFieldLabel('basic.phone_number')).toBe('電話番号');
    expect(estFieldLabel('nothing')).toBe('');
  });
});
