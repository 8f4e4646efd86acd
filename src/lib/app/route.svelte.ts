export const VIEWS = [
  { id: 'consult', label: 'Consult' },
  { id: 'bench', label: 'Benchmarks' },
  { id: 'compare', label: 'Compare' },
  { id: 'classroom', label: 'Classroom' },
  { id: 'grade', label: 'Grade' },
  { id: 'models', label: 'Models' },
  { id: 'data', label: 'Data' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

function parse(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return VIEWS.some((v) => v.id === id) ? (id as ViewId) : 'consult';
}

/** Hash routing: works from any sub-path of a static host, and the back button works. */
export class Route {
  #view = $state<ViewId>(parse(location.hash));
  constructor() {
    addEventListener('hashchange', () => (this.#view = parse(location.hash)));
  }
  get view() {
    return this.#view;
  }
}
