import type { Tx } from '../tenant';

/** A starter CPD catalogue for a demo tenant, mapped to the starter frameworks' criteria. */
export async function seedCpdCatalogue(tx: Tx, tenantId: string): Promise<void> {
	void tx;
	void tenantId;
}
