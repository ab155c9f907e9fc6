import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api, call, type Establishment } from '../../api/client';
import { Button, ButtonRow } from '../../components/Button';
import { applyServerError, ErrorSummary, summaryItems, TextField } from '../../components/Form';
import { estNumberForm, type EstNumberForm } from '../../lib/staffValidation';
import { Facts, SectionTitle, useStaffGuard } from './common';

// EstablishmentFinder finds a registered establishment of the staff member's office by
// its 事業所番号 (LookupEstablishment) and shows it with what the screen does with it
// (children): the account creation code, a counter posting, a transfer. Another
// office's establishment answers like an unknown number.
export function EstablishmentFinder({ hint, children }: { hint?: string; children: (est: Establishment, found: () => void) => ReactNode }) {
  const guard = useStaffGuard();
  const [est, setEst] = useState<Establishment>();
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<EstNumberForm, unknown, z.output<typeof estNumberForm>>({
    resolver: zodResolver(estNumberForm),
    defaultValues: { establishment_number: '' },
    shouldFocusError: false,
  });
  const find = async (number: string) => {
    setTop(undefined);
    setEst(undefined);
    try {
      setEst(await call(api.GET('/v1/staff/establishments:lookup', { params: { query: { establishment_number: number } } })));
    } catch (e) {
      if (guard(e)) return;
      setTop(applyServerError(e, setError, ['establishment_number']));
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <>
      <ErrorSummary message={top} items={summaryItems(errors, ['establishment_number'])} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit((v) => find(v.establishment_number), () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField
          id="establishment_number"
          label="事業所番号"
          hint={hint ?? '半角数字4桁-6桁-1桁(例：1301-123456-7)'}
          width="w-72"
          inputMode="numeric"
          registration={register('establishment_number')}
          error={errors.establishment_number?.message}
        />
        <ButtonRow>
          <Button type="submit" variant="secondary" disabled={isSubmitting}>
            検索
          </Button>
        </ButtonRow>
      </form>
      {est && (
        <section aria-labelledby="found-est" className="mt-8">
          <SectionTitle id="found-est">{est.profile?.basic?.name}</SectionTitle>
          <Facts
            rows={[
              ['事業所番号', est.establishment_number],
              ['所在地', est.profile?.basic?.address],
              ['電話番号', est.profile?.basic?.phone_number],
              ['管轄安定所', est.office_name],
            ]}
          />
          {children(est, () => void find(getValues('establishment_number')))}
        </section>
      )}
    </>
  );
}
