import { FormEvent, useState } from 'react';
import { createGroup } from '../../../chat-core/groups-slice';
import { useAppDispatch, useAppSelector } from '../store/store';

/** Creates a private group; "discoverable" lets others find it by search and apply. */
export function CreateGroupForm() {
  const dispatch = useAppDispatch();
  const { creating, createError } = useAppSelector((state) => state.groups);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [discoverable, setDiscoverable] = useState(true);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void dispatch(createGroup({ name: name.trim(), description: description.trim(), discoverable }));
  };

  return (
    <section className="panel" aria-labelledby="create-title">
      <h2 id="create-title">Create a group</h2>
      <p className="muted">Groups are private: people join when you approve their application.</p>
      <form className="stack" onSubmit={onSubmit}>
        <label>
          Name
          <input type="text" required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} autoFocus />
        </label>
        <label>
          Description
          <textarea rows={3} maxLength={1000} value={description} onChange={(event) => setDescription(event.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={discoverable} onChange={(event) => setDiscoverable(event.target.checked)} />
          Others can find this group by search and apply to join
        </label>
        {createError && <p role="alert">{createError}</p>}
        <button type="submit" disabled={creating || !name.trim()}>
          {creating ? 'Creating…' : 'Create group'}
        </button>
      </form>
    </section>
  );
}
