import { KeyboardEvent, useEffect } from 'react';
import { loadApplications } from '../../../chat-core/applications-slice';
import { openGroup } from '../../../chat-core/chat-slice';
import { GroupTab, tabShown } from '../store/navigation-slice';
import { useAppDispatch, useAppSelector } from '../store/store';
import { ApplicationsPanel } from './ApplicationsPanel';
import { ChatPanel } from './ChatPanel';
import { MembersPanel } from './MembersPanel';
import { ThreadPanel } from './ThreadPanel';

/** One of my groups: its chat (with a thread beside it), its members and, for owners and admins, its applications. */
export function GroupView({ groupId, tab, threadId }: { groupId: string; tab: GroupTab; threadId: string | null }) {
  const dispatch = useAppDispatch();
  const group = useAppSelector((state) => state.groups.mine.find((candidate) => candidate.id === groupId));
  const groupsReady = useAppSelector((state) => state.groups.status === 'ready');
  const pendingCount = useAppSelector((state) => state.applications[groupId]?.pending.length ?? 0);

  const manages = group?.role === 'owner' || group?.role === 'admin';

  const known = group !== undefined;
  useEffect(() => {
    if (known) void dispatch(openGroup(groupId));
  }, [dispatch, groupId, known]);
  useEffect(() => {
    if (manages) void dispatch(loadApplications(groupId)); // for the count on the tab
  }, [dispatch, groupId, manages]);

  if (!group && groupsReady) {
    return (
      <section className="panel">
        <h2>This group is not in your list</h2>
        <p className="muted">You are not a member of it (any more), or it does not exist.</p>
      </section>
    );
  }
  if (!group) return <p className="muted">Loading the group…</p>;
  const tabs: { id: GroupTab; label: string }[] = [
    { id: 'chat', label: 'Chat' },
    ...(manages ? [{ id: 'applications' as const, label: `Applications${pendingCount ? ` (${pendingCount})` : ''}` }] : []),
    { id: 'members', label: 'Members' },
  ];

  // Arrow keys move between tabs, as in any tab list.
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const at = tabs.findIndex(({ id }) => id === tab);
    const next = tabs[(at + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    dispatch(tabShown(next.id));
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  return (
    <div className="group-view">
      <header className="group-header">
        <h2 title={group.name}>{group.name}</h2>
        <p className="muted">
          {group.description ? `${group.description} · ` : ''}
          {group.memberCount === 1 ? '1 member' : `${group.memberCount} members`} · you are {group.role === 'member' ? 'a member' : `the ${group.role}`}
        </p>
        {tabs.length > 1 && (
          <div className="tabs" role="tablist" aria-label="Group sections" onKeyDown={onTabKey}>
            {tabs.map(({ id, label }) => (
              <button
                key={id}
                type="button"
                role="tab"
                id={`tab-${id}`}
                aria-selected={tab === id}
                aria-controls={`panel-${id}`}
                tabIndex={tab === id ? 0 : -1}
                onClick={() => dispatch(tabShown(id))}
              >
                {label}
              </button>
            ))}
          </div>
        )}
      </header>
      <div className="group-body" role={tabs.length > 1 ? 'tabpanel' : undefined} id={`panel-${tab}`} aria-labelledby={tabs.length > 1 ? `tab-${tab}` : undefined}>
        {tab === 'applications' && manages ? (
          <ApplicationsPanel groupId={groupId} />
        ) : tab === 'members' ? (
          <MembersPanel groupId={groupId} />
        ) : (
          <div className={threadId ? 'chat-with-thread' : 'chat-only'}>
            <ChatPanel groupId={groupId} threadId={threadId} />
            {threadId && <ThreadPanel key={threadId} groupId={groupId} messageId={threadId} />}
          </div>
        )}
      </div>
    </div>
  );
}
