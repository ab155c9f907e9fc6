import type { Path, UseFormReturn } from 'react-hook-form';
import { fieldName, type FieldDef, type FormValues } from '../lib/postingForm';
import { Select, TextArea } from './Fields';
import { Checkbox, ChoiceGroup, TextField } from './Form';

// FieldByDef renders one field of a form described by FieldDefs (lib/postingForm.ts):
// the posting wizard's sections and the establishment registration's (OPEN-1).
export function FieldByDef({ def, form, error }: { def: FieldDef; form: UseFormReturn<FormValues>; error?: string | undefined }) {
  const name = fieldName(def.path) as Path<FormValues>;
  const reg = form.register(name);
  const common = { id: name, label: def.label, registration: reg, error, hint: def.hint, required: def.required ?? false };
  const options = (def.options ?? []).map(([c, l]) => [String(c), l] as const);
  switch (def.kind) {
    case 'textarea':
      return <TextArea {...common} rows={4} />;
    case 'select':
      return <Select {...common} options={options.map(([value, label]) => ({ value, label }))} empty="選択してください" />;
    case 'radio':
      return <ChoiceGroup {...common} options={options} />;
    case 'checks':
      return <ChoiceGroup {...common} options={options} multiple />;
    case 'optbool':
      return (
        <ChoiceGroup
          {...common}
          options={[
            ['yes', '送信できる'],
            ['no', '送信できない'],
          ]}
        />
      );
    case 'bool':
      return <Checkbox id={name} label={def.label} registration={reg} error={error} />;
    case 'time':
      return <TextField {...common} type="time" width="w-40" />;
    case 'int':
    case 'tenths':
      return <TextField {...common} inputMode={def.kind === 'int' ? 'numeric' : 'decimal'} width="w-48" autoComplete="off" />;
    default:
      return <TextField {...common} autoComplete="off" />;
  }
}
