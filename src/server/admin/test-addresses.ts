import { AppError } from '../../errors';
import { isValidEmail } from '../../subscriptions/address';

/** Most addresses one test send may go to, so the form cannot become a way to mail a list. */
export const MAX_TEST_ADDRESSES = 10;

/** Split the test-send field (commas, semicolons, spaces or lines) into distinct valid addresses, or raise USAGE. */
export function parseTestAddresses(field: string): string[] {
  const addresses = [...new Set(field.split(/[\s,;]+/).filter((address) => address !== ''))];
  if (addresses.length === 0) throw new AppError('USAGE', 'no test address given; enter at least one address such as you@example.com');
  if (addresses.length > MAX_TEST_ADDRESSES) {
    throw new AppError('USAGE', `${addresses.length} test addresses given, more than the maximum of ${MAX_TEST_ADDRESSES}; send to fewer`);
  }

  const invalid = addresses.filter((address) => !isValidEmail(address));
  if (invalid.length > 0) {
    throw new AppError('USAGE', `${invalid.length} test address(es) are not valid, such as "${(invalid[0] as string).slice(0, 80)}"; expected a form like you@example.com`);
  }
  return addresses;
}
