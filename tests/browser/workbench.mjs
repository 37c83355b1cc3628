// workbench.mjs - the workbench in headless Chromium, as a trainer uses it:
// keep a passage from a hit in a new collection, find it there with its
// citation, copy the citation, export the collection as Word and PDF, save
// a search.  Screenshots (wb-NN-name.png) go to $KINDEX_ARTIFACTS; any
// failed check makes the process exit with status 1.
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

async function shot(page, name, fullPage = false) {
  step++;
  await page.screenshot({ path: `${out}/wb-${String(step).padStart(2, '0')}-${name}.png`, fullPage });
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  const errors = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));

  await page.goto(`${base}/login`);
  await page.getByLabel('Gebruikersnaam').fill(user);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(u => new URL(u).pathname === '/');

  // A hit cites itself and offers to keep its passage.
  await page.goto(`${base}/search?q=belang+van+het+kind&type=ruling`);
  const hit = page.locator('li.hit').first();
  const hitCite = (await hit.locator('.cite-text').first().textContent()) || '';
  check('a hit shows its citation as the Leidraad writes it', /\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}, ECLI:NL:/.test(hitCite), hitCite);
  await hit.getByRole('button', { name: 'Kopieer' }).first().click();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  check('the copy button puts the citation on the clipboard', clip === hitCite, clip);
  await shot(page, 'hit-citation');
  await hit.getByRole('button', { name: 'Passage bewaren' }).first().click();
  await page.waitForURL(u => new URL(u).pathname === '/collections/add');
  check('keeping a passage asks for the collection', await page.getByText('In collectie').isVisible());
  await page.locator('input[name=name]').fill('Cursus jeugdrecht – belang van het kind');
  await page.locator('textarea[name=note]').fill('Voor dag 2 van de cursus');
  await shot(page, 'keep-choose');
  await page.getByRole('button', { name: 'Bewaren', exact: true }).click();
  await page.waitForURL(/\/collections\/\d+/);
  const h1 = (await page.locator('h1').textContent()) || '';
  check('the new collection opens with its name', h1.includes('Cursus jeugdrecht'), h1);
  check('the kept passage is there with its citation and note',
        (await page.locator('li.item').count()) === 1 &&
        ((await page.locator('li.item .cite-text').textContent()) || '').includes('ECLI:NL:') &&
        ((await page.locator('li.item textarea').inputValue()) || '').includes('dag 2'));
  await shot(page, 'collection-nl', true);
  await page.setViewportSize({ width: 375, height: 800 });
  await shot(page, 'collection-nl-375', true);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Exports, as the links on the page download them.
  for (const [fmt, type, magic] of [['docx', 'wordprocessingml', 'PK'], ['pdf', 'application/pdf', '%PDF-']]) {
    const link = page.locator(`p.export a[href*="format=${fmt}"]`);
    const [dl] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const path = await dl.path();
    const fs = await import('node:fs');
    const head = fs.readFileSync(path).subarray(0, magic.length).toString('latin1');
    check(`export as ${fmt} downloads a ${fmt} file (${dl.suggestedFilename()})`, head === magic && dl.suggestedFilename().endsWith(`.${fmt}`), head);
  }

  // Save a search; it is listed with its feed.
  await page.goto(`${base}/search?article=3.1`);
  await page.locator('.save-search input[name=name]').fill('Art. 3 lid 1 IVRK');
  await page.locator('.save-search').getByRole('button', { name: 'Bewaren' }).click();
  await page.waitForURL(u => new URL(u).pathname === '/collections');
  check('the saved search is listed with an Atom feed', await page.getByRole('link', { name: 'Art. 3 lid 1 IVRK' }).isVisible() &&
        (await page.locator('ul.saved a.feed').getAttribute('href') || '').startsWith('/feed/'));
  await shot(page, 'collections-nl', true);
  check('no script errors (the CSP lets the copy script run)', errors.length === 0, errors.join(' | '));
} catch (e) {
  check('the walk through the workbench completes', false, String(e));
} finally {
  await browser.close();
}
console.log(`${failures === 0 ? 'workbench flow: all checks passed' : `workbench flow: ${failures} checks failed`}`);
process.exit(failures === 0 ? 0 : 1);
