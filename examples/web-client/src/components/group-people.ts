import { useMemo } from 'react';
import type { Mentionable } from '../../../chat-core/mentions';
import { useAppSelector } from '../store/store';

const nobody: Mentionable[] = [];

/** The group's members as people to mention (everyone but me), by name. */
export function useMentionable(groupId: string): Mentionable[] {
  const members = useAppSelector((state) => state.chat[groupId]?.members);
  const me = useAppSelector((state) => state.session.user?.id);
  return useMemo(
    () =>
      members
        ? Object.values(members)
            .filter((member) => member.user.id !== me)
            .map((member) => ({ id: member.user.id, name: member.user.name }))
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) // no collator: its first use costs tens of ms
        : nobody,
    [members, me],
  );
}
