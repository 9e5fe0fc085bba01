/*
 * WhatsApp's business-scoped user ids, as Meta and Twilio pass them (docs/whatsapp-identity.md).
 */

/** A business-scoped user id: country code, a period, up to 128 letters and digits. */
export const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;
/** A parent BSUID: `ENT` after the country code, shared by the portfolios of one parent account. */
export const PARENT_BSUID = /^[A-Z]{2}\.ENT\.[A-Za-z0-9]{1,128}$/;

/** Whether a learner's address (users.phone) is a BSUID rather than a phone number. */
export const isBsuid = (address: string): boolean => BSUID.test(address);
