import { useCallback } from 'react';
import { authorName } from '../../../chat-core/words';
import { useAppSelector } from '../store/store';

/** The display name of a message's author in a group: its member's name, or "Former member". */
export function useAuthorName(groupId: string): (authorId: string) => string {
  const members = useAppSelector((state) => state.chat[groupId]?.members);
  const me = useAppSelector((state) => state.session.user);
  return useCallback((authorId: string) => authorName(members, me, authorId), [members, me]);
}
