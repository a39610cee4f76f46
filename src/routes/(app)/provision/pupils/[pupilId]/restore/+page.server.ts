import { restorePupil } from '$lib/server/services/provision-pupils';
import { openRegisterMove, registerMove } from '../register-move.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => openRegisterMove(event)) satisfies PageServerLoad;

export const actions = {
	default: registerMove(restorePupil, 'restored')
} satisfies Actions;
