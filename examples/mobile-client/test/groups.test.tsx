import { fireEvent, render, screen, waitFor, within } from '@testing-library/react-native';
import { App } from '../src/App';
import { person, signedInPhone } from './support/platform';

const unique = () => Math.random().toString(36).slice(2, 8);

/** My groups, search and apply, applications and members: the app with the real store against the local runtime. */
describe('groups', () => {
  it('lists my groups with unread badges that count live messages, and opens a group', async () => {
    const olivia = await person('Olivia');
    const bob = await person('Bob');
    const group = await olivia.api.createGroup({ name: `Hiking ${unique()}`, discoverable: true });
    await bob.api.apply(group.id);
    await olivia.api.approve(group.id, bob.sub);
    await bob.api.postMessage(group.id, { id: crypto.randomUUID(), body: 'First!' });

    render(<App platform={signedInPhone(olivia)} />);
    expect(await screen.findByRole('button', { name: `${group.name}, 1 unread message` })).toBeOnTheScreen();
    await waitFor(() => expect(screen.getByTestId('connection')).toHaveTextContent('Live'));

    // A message posted now reaches the list live.
    await bob.api.postMessage(group.id, { id: crypto.randomUUID(), body: 'Second' });
    expect(await screen.findByRole('button', { name: `${group.name}, 2 unread messages` })).toBeOnTheScreen();
    expect(screen.getByTestId(`unread-${group.id}`)).toHaveTextContent('2');

    fireEvent.press(screen.getByRole('button', { name: `${group.name}, 2 unread messages` }));
    expect(await screen.findByRole('header', { name: group.name })).toBeOnTheScreen();
    expect(await screen.findByText('Second')).toBeOnTheScreen();
    expect(screen.getByText('First!')).toBeOnTheScreen();
    fireEvent.press(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('header', { name: 'My groups' })).toBeOnTheScreen();
  });

  it('finds a group, applies with a message, and is told when approved; the group then opens from the results', async () => {
    const olivia = await person('Olivia');
    const carol = await person('Carol');
    const group = await olivia.api.createGroup({ name: `Birders ${unique()}`, description: 'Early mornings', discoverable: true });

    render(<App platform={signedInPhone(carol)} />);
    await screen.findByText('You are in no group yet.');
    fireEvent.press(screen.getByRole('button', { name: 'Find groups' }));
    fireEvent.changeText(await screen.findByLabelText('Search groups'), group.name);
    fireEvent.press(screen.getByRole('button', { name: 'Search' }));
    const result = await screen.findByTestId(`result-${group.id}`);
    expect(within(result).getByText('Early mornings')).toBeOnTheScreen();
    expect(within(result).getByText('1 member')).toBeOnTheScreen();

    fireEvent.changeText(within(result).getByLabelText(`Message to the owners of ${group.name} (optional)`), 'I have binoculars');
    fireEvent.press(within(result).getByRole('button', { name: `Apply to join ${group.name}` }));
    expect(await within(result).findByText(/Application sent: waiting for the owners to decide/)).toBeOnTheScreen();
    const [application] = await olivia.api.listApplications(group.id, 'pending');
    expect(application).toMatchObject({ message: 'I have binoculars', applicant: { id: carol.sub } });

    await olivia.api.approve(group.id, carol.sub);
    expect(await screen.findByText(`You were approved to join ${group.name}.`)).toBeOnTheScreen();
    fireEvent.press(await within(result).findByRole('button', { name: `Open ${group.name}` }));
    expect(await screen.findByRole('header', { name: group.name })).toBeOnTheScreen();
    fireEvent.press(screen.getByRole('button', { name: 'Back' }));
    fireEvent.press(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('button', { name: group.name })).toBeOnTheScreen();
  });

  it('lets the owner approve and reject applications with a reason, and manage members', async () => {
    const olivia = await person('Olivia');
    const bob = await person('Bob');
    const dan = await person('Dan');
    const group = await olivia.api.createGroup({ name: `Chess ${unique()}`, discoverable: true });
    await bob.api.apply(group.id, { message: 'Rated 1800' });
    await dan.api.apply(group.id);

    render(<App platform={signedInPhone(olivia)} />);
    fireEvent.press(await screen.findByRole('button', { name: group.name }));
    fireEvent.press(await screen.findByRole('button', { name: 'Applications tab' }));
    expect(await screen.findByText('“Rated 1800”')).toBeOnTheScreen();

    fireEvent.press(screen.getByRole('button', { name: 'Approve Bob' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Approve Bob' })).toBeNull());
    fireEvent.changeText(screen.getByLabelText('Reason for rejecting Dan (optional)'), 'Full for this season');
    fireEvent.press(screen.getByRole('button', { name: 'Reject Dan' }));
    expect(await screen.findByText('No one is waiting to join.')).toBeOnTheScreen();
    const [rejected] = await olivia.api.listApplications(group.id, 'rejected');
    expect(rejected).toMatchObject({ applicant: { id: dan.sub }, reason: 'Full for this season' });

    // Bob joined: the Members tab has him (live), and the owner's actions.
    fireEvent.press(screen.getByRole('button', { name: 'Members tab' }));
    const row = await screen.findByTestId(`member-${bob.sub}`);
    expect(await screen.findByText('2 members')).toBeOnTheScreen();
    fireEvent.press(within(row).getByRole('button', { name: 'Make admin (Bob)' }));
    await waitFor(() => expect(within(screen.getByTestId(`member-${bob.sub}`)).getByText('admin')).toBeOnTheScreen());

    fireEvent.press(within(screen.getByTestId(`member-${bob.sub}`)).getByRole('button', { name: 'Remove (Bob)' }));
    expect(screen.getByText(`Remove Bob from ${group.name}?`)).toBeOnTheScreen();
    fireEvent.press(screen.getByRole('button', { name: 'Confirm: Remove' }));
    await waitFor(() => expect(screen.queryByTestId(`member-${bob.sub}`)).toBeNull());
    expect((await olivia.api.listMembers(group.id)).map((member) => member.user.id)).toEqual([olivia.sub]);
  });
});
