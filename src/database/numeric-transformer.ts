import type { ValueTransformer } from 'typeorm';

/** pg returns numeric as a string to keep precision; thresholds are small and read as numbers. */
export const NUMERIC_AS_NUMBER: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
