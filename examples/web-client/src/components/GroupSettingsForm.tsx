import { FormEvent, useId, useState } from 'react';
import { LIMITS, type MyGroup } from 'pulumi-groupchat/client';
import { updateGroupSettings } from '../../../chat-core/people-slice';
import { useAppDispatch } from '../store/store';

/** The group's name and description, for its owner and admins to change. */
export function GroupSettingsForm({ group, busy }: { group: MyGroup; busy: boolean }) {
  const dispatch = useAppDispatch();
  const id = useId();
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const changed = name.trim() !== group.name || description.trim() !== group.description;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (changed && name.trim()) void dispatch(updateGroupSettings({ groupId: group.id, name, description }));
  };
  return (
    <form className="stack group-settings" onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Group settings</h3>
      <label>
        Group name
        <input type="text" value={name} required maxLength={LIMITS.groupNameChars} onChange={(event) => setName(event.target.value)} />
      </label>
      <label>
        Group description
        <textarea rows={2} value={description} maxLength={LIMITS.groupDescriptionChars} onChange={(event) => setDescription(event.target.value)} />
      </label>
      <button type="submit" disabled={busy || !changed || !name.trim()}>
        {busy ? 'Saving…' : 'Save settings'}
      </button>
    </form>
  );
}
