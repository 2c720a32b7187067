import { FormEvent, useId, useState } from 'react';
import type { GroupSummary } from 'pulumi-groupchat/client';
import { applyToGroup, searchGroups } from '../../../chat-core/groups-slice';
import { APPLICATION_STATUS_TEXT } from '../../../chat-core/words';
import { groupShown } from '../store/navigation-slice';
import { useAppDispatch, useAppSelector } from '../store/store';

/** Finds discoverable groups by name or description, and applies to join them. */
export function SearchGroups() {
  const dispatch = useAppDispatch();
  const search = useAppSelector((state) => state.groups.search);
  const [query, setQuery] = useState(search.query);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim()) void dispatch(searchGroups(query.trim()));
  };

  return (
    <section className="panel" aria-labelledby="search-title">
      <h2 id="search-title">Find groups</h2>
      <form className="inline" role="search" onSubmit={onSubmit}>
        <label htmlFor="search-query">Search groups</label>
        <input id="search-query" type="search" value={query} maxLength={100} onChange={(event) => setQuery(event.target.value)} autoFocus />
        <button type="submit" disabled={!query.trim()}>
          Search
        </button>
      </form>
      {search.status === 'loading' && <p className="muted">Searching…</p>}
      {search.status === 'failed' && <p role="alert">{search.error}</p>}
      {search.status === 'ready' && search.results.length === 0 && <p className="muted">No group matches “{search.query}”.</p>}
      <ul className="cards" aria-label="Search results">
        {search.results.map((summary) => (
          <SearchResult key={summary.id} summary={summary} onOpen={() => dispatch(groupShown({ groupId: summary.id }))} />
        ))}
      </ul>
    </section>
  );
}

function SearchResult({ summary, onOpen }: { summary: GroupSummary; onOpen(): void }) {
  const dispatch = useAppDispatch();
  const member = useAppSelector((state) => state.groups.mine.some((group) => group.id === summary.id));
  const sent = useAppSelector((state) => state.groups.sent[summary.id]);
  const messageId = useId();
  const [message, setMessage] = useState('');
  const canApply = !member && (!sent || sent.status === 'failed' || sent.status === 'rejected');

  return (
    <li className="card" data-group-id={summary.id}>
      <h3>{summary.name}</h3>
      {summary.description && <p>{summary.description}</p>}
      <p className="muted">{summary.memberCount === 1 ? '1 member' : `${summary.memberCount} members`}</p>
      {member ? (
        <button type="button" onClick={onOpen}>
          Open
        </button>
      ) : (
        <>
          {sent && (
            <p className={`application-status status-${sent.status}`} role="status">
              {APPLICATION_STATUS_TEXT[sent.status]} {sent.error ?? ''}
            </p>
          )}
          {canApply && (
            <form
              className="inline"
              onSubmit={(event) => {
                event.preventDefault();
                void dispatch(applyToGroup({ groupId: summary.id, message }));
              }}
            >
              <label htmlFor={messageId}>Message to the owners of {summary.name} (optional)</label>
              <input id={messageId} type="text" maxLength={1000} value={message} onChange={(event) => setMessage(event.target.value)} />
              <button type="submit" aria-label={`Apply to join ${summary.name}`}>
                Apply to join
              </button>
            </form>
          )}
        </>
      )}
    </li>
  );
}
