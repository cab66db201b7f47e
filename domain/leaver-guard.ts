// The mass-leaver safeguard: a bad HR export (a whole company marked terminated) must not deactivate the
// company. Leavers from one source within a window may be at most a share of the people still working
// (with a floor, so a small company's single leaver is not held); beyond that each further leaver from that
// source is held for an admin to release or discard.

export interface LeaverGuardSettings {
  /** Share of active people (0–1) one source may take away within the window; default 0.1. */
  share: number;
  /** The window, in seconds; default one day. */
  windowSeconds: number;
  /** Leavers always allowed within the window, whatever the share (default 1). */
  minimum: number;
}

export const DEFAULT_LEAVER_GUARD: LeaverGuardSettings = { share: 0.1, windowSeconds: 86_400, minimum: 1 };

export interface LeaverGuardInput {
  /** People who still work (active, notice, suspended). */
  activePeople: number;
  /** Leavers already received from this source within the window (started, held or decided). */
  earlierInWindow: number;
}

export interface LeaverGuardDecision {
  hold: boolean;
  /** How many leavers this source may send within the window. */
  allowed: number;
  /** This leaver's place among the source's leavers in the window (1 for the first). */
  position: number;
}

export function allowedLeavers(settings: LeaverGuardSettings, activePeople: number): number {
  return Math.max(settings.minimum, Math.floor(settings.share * Math.max(0, activePeople)));
}

/** Hold when this leaver would take the source past its allowance within the window. */
export function leaverGuardDecision(settings: LeaverGuardSettings, input: LeaverGuardInput): LeaverGuardDecision {
  const allowed = allowedLeavers(settings, input.activePeople);
  const position = input.earlierInWindow + 1;
  return { hold: position > allowed, allowed, position };
}
