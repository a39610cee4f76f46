const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from a URL or form is a record id at all (anything else is not found). */
export const isRecordId = (value: string) => UUID.test(value);
