// flow.mjs - one walk through kindex in headless Chromium, the way a lawyer
// uses it.  Every step saves a screenshot (NN-name.png) into
// $KINDEX_ARTIFACTS and checks what must be on the page; any failed check
// makes the process exit with status 1.
import { chromium } from 'playwright-core';

const base = process.env.KINDEX_URL;
const user = process.env.KINDEX_USER;
const password = process.env.KINDEX_PASSWORD;
const out = process.env.KINDEX_ARTIFACTS;
let failures = 0;
let step = 0;

function check(what, ok, detail = '') {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? ': ' + detail : ''}`);
  if (!ok) failures++;
}

async function shot(page, name) {
  step++;
  const file = `${out}/${String(step).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: file, fullPage: false });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
  const page = await context.newPage();
  const errors = [];
  // The wrong password (403) and the bad request (400) are expected.
  page.on('console', m => {
    if (m.type() === 'error' && !/status of (400|403)/.test(m.text())) errors.push(m.text());
  });

  // 1. Without a session: HTML is redirected to the login form, the API refused.
  let resp = await page.goto(`${base}/search?q=kind`);
  check('a page without session redirects to /login', new URL(page.url()).pathname === '/login', page.url());
  check('the login form asks for a user name', await page.getByLabel('Gebruikersnaam').isVisible());
  const api = await page.request.get(`${base}/api/search?q=kind`);
  check('the API without credentials answers 401', api.status() === 401, String(api.status()));
  for (const h of ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy'])
    check(`security header ${h}`, !!resp.headers()[h]);
  await shot(page, 'login');

  // A wrong password is refused with a message.
  await page.getByLabel('Gebruikersnaam').fill(user);
  await page.getByLabel('Wachtwoord').fill('wrong-password');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  check('a wrong password is refused', (await page.locator('.msg.error').textContent() || '').includes('onjuist wachtwoord'));

  // 2. Log in; we come back to the page we wanted.
  await page.getByLabel('Gebruikersnaam').fill(user);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(u => new URL(u).pathname === '/search');
  check('after login we are back on the search page', new URL(page.url()).searchParams.get('q') === 'kind', page.url());
  const cookies = await context.cookies();
  const sess = cookies.find(c => c.name === 'kx_sess');
  check('the session cookie is HttpOnly and SameSite=Strict', sess && sess.httpOnly && sess.sameSite === 'Strict');
  await shot(page, 'logged-in');

  // 3. Search "belang van het kind" from the home page.
  await page.goto(`${base}/`);
  check('the home page shows the article picker', await page.locator('.picker').isVisible());
  await shot(page, 'home');
  await page.getByLabel(/Zoek in uitspraken/).fill('belang van het kind');
  await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await page.waitForURL(/\/search\?/);
  const summary = await page.locator('.summary [role=status]').textContent();
  check('the search reports results', /\d+\s+resultat/.test(summary || ''), summary);
  check('hits are listed', (await page.locator('li.hit').count()) > 0);
  check('passages are highlighted', (await page.locator('li.hit mark').count()) > 0);
  check('passages link to their PDF page', (await page.locator('li.hit a.pg').first().getAttribute('href') || '').match(/^\/doc\/\d+\/pdf#page=\d+$/) !== null);
  check('facets are shown', (await page.locator('aside.facets .facet').count()) > 0);
  await shot(page, 'search');

  // 4. Filter by article 3 through the facet (or the picker).
  let art = page.locator('aside.facets a', { hasText: /^art\. 3 IVRK$/ });
  if (await art.count() === 0) {
    await page.goto(`${base}/articles`);
    art = page.locator('ol.arts a').filter({ has: page.locator('.no', { hasText: /^3$/ }) });
  }
  await art.first().click();
  await page.waitForURL(/article=/);
  const url4 = new URL(page.url());
  check('the article filter is in the URL', url4.searchParams.getAll('article').some(a => /^(CRC:)?3$/.test(a)), page.url());
  check('the active filter shows as a removable chip', await page.locator('.active a.chip.on').first().isVisible());
  check('"Filters wissen" is offered', await page.getByRole('link', { name: 'Filters wissen' }).isVisible());
  check('filtered results remain', (await page.locator('li.hit').count()) > 0);
  await shot(page, 'article-3');

  // 5. Open a document.
  const first = page.locator('li.hit h3 a').first();
  const title = (await first.textContent()).trim();
  await first.click();
  await page.waitForURL(/\/doc\/\d+/);
  check('the document page shows its title', (await page.locator('h1.doctitle').textContent()).trim() === title, title);
  check('the document page has its details', await page.locator('dl.fields').count() === 1);
  check('the page texts are shown', (await page.locator('section.page').count()) > 0);
  await shot(page, 'document');

  // 6. The PDF link serves the PDF.
  const pdfHref = await page.locator('a.btn', { hasText: 'PDF openen' }).getAttribute('href');
  const pdf = await page.request.get(`${base}${pdfHref}`);
  check('the PDF link returns application/pdf', pdf.headers()['content-type'] === 'application/pdf', pdf.headers()['content-type']);
  const bytes = await pdf.body();
  check('the PDF starts with %PDF-', bytes.subarray(0, 5).toString() === '%PDF-');
  const trav = await page.request.get(`${base}/doc/..%2f..%2fetc%2fpasswd/pdf`);
  check('a path in the URL is not served', trav.status() === 404, String(trav.status()));
  // A highlighted view of the document (q passed through).
  await page.goto(`${base}${new URL(page.url()).pathname}?q=${encodeURIComponent('belang van het kind')}`);
  check('the document view highlights the query', (await page.locator('section.page mark').count()) > 0);
  check('a jump list leads to pages with hits', (await page.locator('nav.jump a').count()) > 0);
  await shot(page, 'document-highlighted');

  // 7. Switch to English; it is remembered.
  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForLoadState();
  check('the interface switches to English', (await page.locator('html').getAttribute('lang')) === 'en');
  check('the switch stays on the same document', /\/doc\/\d+/.test(page.url()), page.url());
  await shot(page, 'document-en');
  await page.goto(`${base}/search?q=${encodeURIComponent('best interests of the child')}`);
  {
    // A fresh page without any language parameter: the cookie alone must
    // make it English ("results", not "resultaten", which contains "result").
    const status = (await page.locator('.summary [role=status]').textContent() || '').trim();
    check('English is remembered', (await page.locator('html').getAttribute('lang')) === 'en' &&
      /\b\d[\d.,]* results?\b/.test(status) && !/resulta/.test(status), status);
  }
  await shot(page, 'search-en');
  await page.goto(`${base}/search?q=${encodeURIComponent('best interests of the child')}&article=3`);
  check('an article filter in English lists results', (await page.locator('li.hit').count()) > 0);
  check('the English chip names the article', (await page.locator('.active a.chip.on').first().textContent() || '').includes('CRC'));
  await shot(page, 'article-3-en');

  // Narrow screen: the facets go below the results, nothing overflows.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  check('no horizontal scrolling on a phone-sized screen', !overflow);
  await shot(page, 'narrow');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Bad input gives a 400 page, not a crash.
  const bad = await page.goto(`${base}/search?q=kind&page=abc`);
  check('a non-numeric page gives 400', bad.status() === 400, String(bad.status()));
  check('the 400 page explains in plain words', (await page.locator('.msg').textContent() || '').includes('page number'));
  await shot(page, 'bad-request');

  // 8. Log out; the session is gone.
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
  await page.goto(`${base}/search?q=kind`);
  check('after logout pages redirect to /login again', new URL(page.url()).pathname === '/login', page.url());
  await shot(page, 'logged-out');

  check('no errors in the browser console', errors.length === 0, errors.join(' | '));
} catch (e) {
  console.log(`  FAIL ${e.stack || e}`);
  failures++;
} finally {
  await browser.close();
}
console.log(failures ? `${failures} check(s) failed` : 'all browser checks passed');
process.exit(failures ? 1 : 0);
