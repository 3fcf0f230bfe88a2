/** Loading what a page shows: one request per view, its error said on the page, reloadable after an action. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { RequestError } from './api';

export type Loaded<T> = { data: T | null; error: string | null; loading: boolean; reload: () => void };

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const lastTick = useRef(tick);
  useEffect(() => {
    let live = true;
    // A reload keeps what is shown until the new answer comes; another page starts empty.
    const reloading = lastTick.current !== tick;
    lastTick.current = tick;
    setState((s) => ({ data: reloading ? s.data : null, error: null, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (err: unknown) => {
        // A 401 has already sent the user to the sign-in form.
        if (live && !(err instanceof RequestError && err.status === 401)) setState({ data: null, error: messageOf(err), loading: false });
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function messageOf(err: unknown): string {
  return err instanceof RequestError ? err.message : 'Đã có lỗi không mong muốn trong trang; vui lòng tải lại trang.';
}
