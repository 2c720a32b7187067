import type { Screen } from './store/navigation-slice';

/*
 * Addresses of the screens, so back/forward and reload work and a thread can be linked:
 *   /                                  welcome          /new   create a group        /find   find groups
 *   /groups/{id}                       a group's chat   /groups/{id}/threads/{messageId}   with a thread open
 *   /groups/{id}/members               its members and settings
 *   /groups/{id}/applications          its applications (owners and admins)
 * The local runtime and CloudFront answer every path with index.html.
 */

const segment = encodeURIComponent;

/** The path of a screen. */
export function pathOf(screen: Screen): string {
  switch (screen.name) {
    case 'groups':
      return '/';
    case 'create':
      return '/new';
    case 'search':
      return '/find';
    case 'group': {
      const group = `/groups/${segment(screen.groupId)}`;
      if (screen.tab !== 'chat') return `${group}/${screen.tab}`;
      return screen.threadId ? `${group}/threads/${segment(screen.threadId)}` : group;
    }
  }
}

/** The screen at a path; an unknown path is the welcome screen. */
export function screenOf(path: string): Screen {
  const parts = path.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return '';
    }
  });
  if (parts.length === 1 && parts[0] === 'new') return { name: 'create' };
  if (parts.length === 1 && parts[0] === 'find') return { name: 'search' };
  if (parts[0] !== 'groups' || !parts[1]) return { name: 'groups' };
  const groupId = parts[1];
  if (parts.length === 2) return { name: 'group', groupId, tab: 'chat', threadId: null };
  if (parts.length === 3 && (parts[2] === 'applications' || parts[2] === 'members')) return { name: 'group', groupId, tab: parts[2], threadId: null };
  if (parts.length === 4 && parts[2] === 'threads' && parts[3]) return { name: 'group', groupId, tab: 'chat', threadId: parts[3] };
  return { name: 'group', groupId, tab: 'chat', threadId: null };
}
