/** The login form: the memory token (or the read-only token) in a password field. */
import { html } from "hono/html";
import { type Html, layout, type PageContext } from "./layout.js";

export function loginPage(ctx: PageContext, next: string, error?: string): Html {
  return layout(
    ctx,
    "Log in",
    html`<section class="login card">
<h1>Memory dashboard</h1>
<form method="post" action="${ctx.base}/login">
<input type="hidden" name="next" value="${next}">
<label for="token">Memory token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<button type="submit">Log in</button>
</form>
</section>`,
  );
}
