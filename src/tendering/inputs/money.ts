import { applyDecorators } from '@nestjs/common';
import { IsISO4217CurrencyCode, IsOptional, Matches } from 'class-validator';

/** Amounts travel as decimal strings so that every cent stays exact, as for a procurement's estimate. */
export const IsAmount = () =>
  Matches(/^\d{1,16}(\.\d{1,2})?$/, { message: '$property must be a non-negative amount with at most 2 decimals, such as 1250000.00' });

/** Optional: left out, the currency of what it belongs to applies (the procurement's, or the award's). */
export const IsOptionalCurrency = () => applyDecorators(IsOptional(), IsISO4217CurrencyCode({ message: '$property must be an ISO 4217 code such as KES' }));
