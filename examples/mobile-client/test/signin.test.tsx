import { fireEvent, render, screen, waitFor } from '@testing-library/react-native';
import { App } from '../src/App';
import { runtime, testPhone } from './support/platform';

/** The sign-in against the local runtime's dev identity provider: the same code as with Cognito's hosted UI. */
describe('sign-in', () => {
  it('signs in with the code flow and PKCE, keeps the tokens in the keychain, stays signed in across restarts, and signs out', async () => {
    const email = `dana-${Date.now()}@example.com`;
    const phone = testPhone({ name: 'Dana Mobile', email });
    const first = render(<App platform={phone} />);

    const signIn = await screen.findByRole('button', { name: 'Sign in' });
    await waitFor(() => expect(signIn).toBeEnabled());
    expect(screen.getByLabelText('Server address').props.value).toBe(runtime.url);
    fireEvent.press(signIn);

    expect(await screen.findByRole('header', { name: 'My groups' })).toBeOnTheScreen();
    expect(await screen.findByText('You are in no group yet.')).toBeOnTheScreen();
    await waitFor(() => expect(screen.getByTestId('connection')).toHaveTextContent('Live'));
    expect(phone.signIns).toEqual([{ name: 'Dana Mobile', email }]);
    expect(phone.keychain.getItem('groupchat.idToken')).toMatch(/^ey/);
    expect(phone.keychain.getItem('groupchat.refreshToken')).toBeTruthy();
    // The pending sign-in (state, verifier, nonce) is gone once used.
    expect(phone.keychain.getItem('groupchat.signIn')).toBeNull();
    first.unmount();

    // The app starts again: the keychain's token signs the user in without the browser.
    render(<App platform={phone} />);
    expect(await screen.findByRole('header', { name: 'My groups' })).toBeOnTheScreen();
    expect(phone.signIns).toHaveLength(1);

    fireEvent.press(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeOnTheScreen();
    expect(phone.keychain.items.size).toBe(0);
  });

  it('says why when the server cannot be reached, and uses the address typed instead', async () => {
    const phone = testPhone({ name: 'Eli', email: `eli-${Date.now()}@example.com` });
    phone.disk.items.set('groupchat.baseUrl', 'http://127.0.0.1:9');
    render(<App platform={phone} />);
    expect(await screen.findByRole('alert')).toHaveTextContent(/The app cannot start: http:\/\/127\.0\.0\.1:9\/config\.json cannot be reached/);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();

    fireEvent.changeText(screen.getByLabelText('Server address'), runtime.url);
    fireEvent.press(screen.getByRole('button', { name: 'Use this server' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(phone.disk.items.get('groupchat.baseUrl')).toBe(runtime.url);
  });
});
