// pages17.mjs - the pages' rough edges of issue 17 in headless Chromium
// (facets first on a phone, one tab stop per chip group, the note on cut
// pasted text, the print stylesheet, the facts of a Views page), and the
// Dutch screenshots at 375 and 1280 px of the results and a Views page in
// $KINDEX_SCREENSHOTS (docs/screenshots/).  Exits 1 when a check fails.
import { chromium } from 'playwright-core';

const base = process.env.KINDEX_URL;
const user = process.env.KINDEX_USER;
const password = process.env.KINDEX_PASSWORD;
const shots = process.env.KINDEX_SCREENSHOTS;
let failures = 0;

function check(what, ok, detail = '') {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? ': ' + detail : ''}`);
  if (!ok) failures++;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'nl-NL' });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Gebruikersnaam').fill(user);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForLoadState();

  // A phone: "Verfijnen" comes before the hits, where a thumb reaches it.
  await page.goto(`${base}/search?q=${encodeURIComponent('belang van het kind')}`);
  const refine = page.locator('details.refine > summary');
  check('on a 375 px screen "Verfijnen" is visible', await refine.isVisible());
  const rTop = (await refine.boundingBox())?.y ?? 1e9;
  const hTop = (await page.locator('li.hit').first().boundingBox())?.y ?? -1;
  check('…above the first hit and within the first screen', rTop < hTop && rTop < 812, `${rTop} vs ${hTop}`);
  check('…folded, so that the first hit is on the first screen too', hTop > 0 && hTop < 812, `${hTop}`);
  if (shots) await page.screenshot({ path: `${shots}/results-375.png` });

  await refine.click();
  check('"Verfijnen" opens the facets', await page.locator('aside.facets .facet').first().isVisible());
  await refine.click();

  // One tab stop per chip group; the arrow keys move within it.
  const group = page.locator('li.hit ul.chips.arts').first();
  const chips = group.locator('a.chip');
  const n = await chips.count();
  const stops = await group.evaluate(g => [...g.querySelectorAll('a')].filter(a => a.tabIndex >= 0).length);
  check('a hit\'s chip group is one tab stop', n < 2 || stops === 1, `${stops} of ${n}`);
  if (n >= 2) {
    await chips.first().focus();
    await page.keyboard.press('ArrowRight');
    const second = await chips.nth(1).evaluate(a => a === document.activeElement);
    check('ArrowRight moves to the next article in the group', second);
  }
  check('hit titles are headings', (await page.locator('li.hit > h3').count()) === (await page.locator('li.hit').count()));

  // Pasting more than 1,024 characters says that the text was cut.
  await page.locator('#q').fill('');
  await page.locator('#q').evaluate(q => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'kind '.repeat(300));
    q.focus();
    q.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  check('a paste longer than 1,024 characters is announced', await page.locator('#q-cut').isVisible());

  // Wide screen: facets beside the results.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${base}/search?q=${encodeURIComponent('belang van het kind')}`);
  const fBox = await page.locator('aside.facets').boundingBox();
  const rBox = await page.locator('div.results').boundingBox();
  check('at 1280 px the facets stand beside the results', fBox && rBox && fBox.x > rBox.x + rBox.width - 1);
  if (shots) await page.screenshot({ path: `${shots}/results-1280.png` });

  // Print: no controls, no facets.
  await page.emulateMedia({ media: 'print' });
  check('printing hides the facets and the search form',
        !(await page.locator('details.refine').isVisible()) && !(await page.locator('form.search').isVisible()));
  await page.emulateMedia({ media: 'screen' });

  // A Views page in Dutch: the case as it is named, its facts in Dutch.
  const api = await page.request.get(`${base}/api/search?q=${encodeURIComponent('CRC/C/79/D/12/2017')}`);
  const hit = (await api.json()).results.find(r => r.ident === 'CRC/C/79/D/12/2017');
  check('the Views are indexed', !!hit);
  if (hit) {
    await page.goto(`${base}/doc/${hit.id}`);
    const h1 = await page.locator('h1.doctitle').textContent();
    check('the Views are titled as the case is named', /v\. Belgium \(CRC\/C\/79\/D\/12\/2017\)/.test(h1 || ''), h1);
    const facts = await page.locator('p.facts').textContent();
    check('…with their facts in Dutch', /schending/.test(facts || '') && /België/.test(facts || ''), facts);
    if (shots) await page.screenshot({ path: `${shots}/views-1280.png` });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    if (shots) await page.screenshot({ path: `${shots}/views-375.png` });
  }
} catch (e) {
  console.log(`  FAIL ${e.stack || e}`);
  failures++;
} finally {
  await browser.close();
}
console.log(failures ? `${failures} check(s) failed` : 'all issue-17 browser checks passed');
process.exit(failures ? 1 : 0);
