/** A person the sign-in page offers with one click. */
export interface DevUser {
  sub: string;
  email: string;
  name: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The dev identity provider's sign-in page: pick a known user or type a new one. The OAuth parameters
 * travel in hidden fields so the form post can finish the authorization request.
 */
export function signInPage(params: URLSearchParams, users: DevUser[], action: string): string {
  const hidden = [...params.entries()]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
  const buttons = users
    .map(
      (user) =>
        `<button type="submit" name="pick" value="${escapeHtml(user.email)}">${escapeHtml(user.name)} <small>${escapeHtml(user.email)}</small></button>`,
    )
    .join('\n      ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in (local)</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 3rem auto; padding: 0 1rem; color: #222; }
    h1 { font-size: 1.4rem; } p { color: #555; }
    button { display: block; width: 100%; margin: .4rem 0; padding: .7rem; font-size: 1rem; text-align: left; cursor: pointer; }
    small { color: #666; margin-left: .5rem; }
    label { display: block; margin-top: .6rem; } input[type=text], input[type=email] { width: 100%; padding: .5rem; box-sizing: border-box; }
    fieldset { margin-top: 1.2rem; border: 1px solid #ccc; }
  </style>
</head>
<body>
  <h1>Sign in to the local group chat</h1>
  <p>This is the local runtime's identity provider: anyone may be anyone here.</p>
  <form method="post" action="${escapeHtml(action)}">
      ${hidden}
      ${buttons}
    <fieldset>
      <legend>Someone else</legend>
      <label>Name <input type="text" name="name" autocomplete="name"></label>
      <label>Email <input type="email" name="email" autocomplete="email"></label>
      <button type="submit" name="pick" value="">Sign in</button>
    </fieldset>
  </form>
</body>
</html>
`;
}

/** A round avatar with the user's initials, so tokens can carry a `picture` like Google's. */
export function avatarSvg(name: string): string {
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => word[0]!.toUpperCase())
      .join('') || '?';
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><circle cx="32" cy="32" r="32" fill="hsl(${hash % 360},55%,45%)"/><text x="32" y="40" font-family="sans-serif" font-size="24" fill="#fff" text-anchor="middle">${escapeHtml(initials)}</text></svg>`;
}
