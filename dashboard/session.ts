/** Who is signed in, and the directory they work with (names of agencies and jurisdictions, pickers). */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Directory, User } from './types';

/** `refreshDirectory`: read the directory again (after an admin changed it), for names and pickers everywhere. */
export type Session = { user: User; directory: Directory | null; refreshDirectory: () => void };

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('no session');
  return session;
}

/** An agency's or jurisdiction's name from the directory (accounts name them by id). */
export function agencyName(directory: Directory | null, idOrName: string | undefined): string | undefined {
  if (!idOrName) return undefined;
  return directory?.agencies.find((a) => a.id === idOrName)?.name ?? idOrName;
}
export function jurisdictionName(directory: Directory | null, id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  return directory?.jurisdictions.find((j) => j.id === id)?.name ?? id;
}

/** What the role may do, for showing only the actions it has. */
export const mayActOnTasks = (user: User): boolean => user.role === 'admin' || user.role === 'monitor' || user.role === 'agency';
export const isMonitorLike = (user: User): boolean => user.role === 'admin' || user.role === 'monitor' || user.role === 'viewer';
