// article-shots.mjs - screenshots of the article pages (/articles/3.1 and
// /articles/37, in Dutch) for docs/screenshots/, with a few checks of what
// must be on them.  Run by tests/browser/article-shots.sh.
import { chromium } from 'playwright-core';

const base = process.env.KINDEX_URL;
const out = process.env.KINDEX_SHOTS;
let failures = 0;
function check(what, ok) {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
  const page = await context.newPage();
  await page.goto(`${base}/articles/3.1`);
  await page.getByLabel('Gebruikersnaam').fill(process.env.KINDEX_USER);
  await page.getByLabel('Wachtwoord').fill(process.env.KINDEX_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/articles\/3\.1/);
  for (const [path, name, words] of [['/articles/3.1', 'article-3-1-nl', 'eerste overweging'],
                                     ['/articles/37', 'article-37-nl', 'foltering']]) {
    await page.goto(`${base}${path}`);
    const body = await page.textContent('body');
    check(`${path}: the Dutch text of the article`, body.includes(words));
    check(`${path}: groups by forum with counts`, (await page.locator('section.forum').count()) === 4);
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  }
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
