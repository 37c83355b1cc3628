#!/usr/bin/env python3
"""server-test.py - `kindex serve` under hostile requests, and readers while
the indexer writes.

usage: server-test.py KINDEX CORPUS_DIR [--only hostile|readers]

Builds an index of CORPUS_DIR plus a PDF whose title and text carry script
payloads, starts the server on a free loopback port with one account, and
  * sends hostile requests (raw sockets and http.client): malformed HTTP,
    very long URLs and queries, invalid UTF-8, unknown and huge parameters,
    path traversal on every route, script payloads, wildcard queries that
    would expand to millions of terms.  Each must get the one status stated
    for it, quickly, and the server must stay up; payloads must come back
    escaped.
  * tries every route without credentials, with a made-up session, with a
    session ended by logging out, with Basic credentials where only a
    session counts, and login and logout POSTs without, or with a wrong,
    CSRF token: HTML routes redirect to /login and show nothing, /api/
    routes answer 401, refused forms 403.
  * readers while writing: keeps querying /api/search while `kindex index`
    adds documents, then checks that the new documents are found without a
    restart.
Prints one row per request (status, ms) and RESULT lines; exits 1 on a
failure.  Loopback only."""
import base64, http.client, json, os, shutil, socket, subprocess, sys, tempfile, threading, time, zlib

KINDEX, CORPUS = sys.argv[1], sys.argv[2]
ONLY = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == '--only' else None
USER, PASSWORD = 'rel', 'reliability-test-pw-1'
fails = 0


def fail(msg):
    global fails
    fails += 1
    print('  FAIL ' + msg)


def tiny_pdf(path, title, text):
    """A one-page PDF with an /Info title and one line of text."""
    content = b'BT /F1 12 Tf 72 700 Td (' + text + b') Tj ET'
    objs = {1: b'<< /Type /Catalog /Pages 2 0 R >>',
            2: b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            3: b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Contents 4 0 R >>',
            4: b'<< /Length %d >>\nstream\n' % len(content) + content + b'\nendstream',
            5: b'<< /Title (' + title + b') >>'}
    b = bytearray(b'%PDF-1.7\n')
    offs = {}
    for n in sorted(objs):
        offs[n] = len(b)
        b += b'%d 0 obj\n' % n + objs[n] + b'\nendobj\n'
    x = len(b)
    b += b'xref\n0 6\n0000000000 65535 f \n' + b''.join(b'%010d 00000 n \n' % offs[i] for i in range(1, 6))
    b += b'trailer\n<< /Size 6 /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n' % x
    open(path, 'wb').write(bytes(b))


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p


work = tempfile.mkdtemp(prefix='kindex-srv-')
docs = os.path.join(work, 'docs')
shutil.copytree(CORPUS, docs, symlinks=False)
tiny_pdf(os.path.join(docs, 'xss-title.pdf'),
         b'<script>alert\\("kindex-xss-title"\\)</script><img src=x onerror=alert\\(1\\)>',
         b'<script>alert\\("kindex-xss-body"\\)</script> zzxssbody het belang van het kind staat voorop bij alle beslissingen die kinderen aangaan, zo bepaalt artikel 3 van het verdrag')
db = os.path.join(work, 'db')
users = os.path.join(work, 'users')
subprocess.run([KINDEX, 'index', '--db', db, '--quiet', docs], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = subprocess.run([KINDEX, 'user', 'add', USER, '--users', users, '--db', db], input=(PASSWORD + '\n').encode(),
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
if r.returncode != 0:
    print('  FAIL kindex user add: ' + r.stdout.decode()[:200])
    sys.exit(1)
port = free_port()
srv_log = open(os.path.join(work, 'serve.log'), 'wb')
# SERVE_PREFIX runs the server under a tool, e.g. "valgrind --log-file=..."
PREFIX = os.environ.get('SERVE_PREFIX', '').split()
SLOW_MS = float(os.environ.get('SLOW_MS', '5000'))
srv = subprocess.Popen(PREFIX + [KINDEX, 'serve', '--db', db, '--bind', '127.0.0.1', '--port', str(port), '--users', users],
                       stdout=srv_log, stderr=subprocess.STDOUT)
AUTH = 'Basic ' + base64.b64encode(('%s:%s' % (USER, PASSWORD)).encode()).decode()


def wait_up():
    for _ in range(600):
        try:
            c = http.client.HTTPConnection('127.0.0.1', port, timeout=2)
            c.request('GET', '/login')
            c.getresponse().read()
            return True
        except OSError:
            time.sleep(0.1)
    return False


COOKIES = {}


def login(csrf=True, pre_cookie=True, wrong_csrf=False):
    """Logs in through the form; returns the status of the POST and the
    cookies set (the session cookie for HTML pages, "kx_sess")."""
    import re
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
    c.request('GET', '/login')
    r = c.getresponse()
    page = r.read().decode('utf-8', 'replace')
    jar = {}
    for k, v in r.getheaders():
        if k.lower() == 'set-cookie':
            name, _, rest = v.partition('=')
            jar[name] = rest.split(';')[0]
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page))
    if not csrf:
        fields.pop('csrf', None)
    elif wrong_csrf:
        fields['csrf'] = '0' * 64
    fields.update({'user': USER, 'password': PASSWORD})
    body = '&'.join('%s=%s' % (k, __import__('urllib.parse').parse.quote(v, safe='')) for k, v in fields.items())
    c.request('POST', '/login', body=body, headers={
        'Content-Type': 'application/x-www-form-urlencoded',
        'Cookie': '; '.join('%s=%s' % kv for kv in jar.items()) if pre_cookie else ''})
    r = c.getresponse()
    r.read()
    jar = {}
    for k, v in r.getheaders():
        if k.lower() == 'set-cookie':
            name, _, rest = v.partition('=')
            jar[name] = rest.split(';')[0]
    return r.status, jar


def get(path, headers=None, method='GET', body=None, timeout=10, cookies=True, auth=True):
    """A request with the session cookie (cookies=True) and with Basic
    credentials (auth=True); cookies may also be a dict of its own."""
    h = {'Authorization': AUTH} if auth else {}
    jar = cookies if isinstance(cookies, dict) else COOKIES if cookies else {}
    if jar:
        h['Cookie'] = '; '.join('%s=%s' % kv for kv in jar.items() if kv[1])
    h.update(headers or {})
    if isinstance(body, str):
        body = body.encode()
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=timeout)
    t = time.time()
    c.putrequest(method, path, skip_accept_encoding=True)
    for k, v in h.items():
        c.putheader(k, v)
    if body is not None:
        c.putheader('Content-Length', str(len(body)))
    c.endheaders(body)
    resp = c.getresponse()
    data = resp.read()
    c.close()
    return resp.status, data, (time.time() - t) * 1000, resp


def raw(data, timeout=10):
    """Sends raw bytes; returns the status code (0: closed without one)."""
    s = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    t = time.time()
    try:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    got = b''
    try:
        # until the end of the first answer (the server may keep the
        # connection open) or EOF
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
            head, sep, body = got.partition(b'\r\n\r\n')
            if sep:
                cl = [l for l in head.split(b'\r\n') if l.lower().startswith(b'content-length:')]
                if cl and len(body) >= int(cl[0].split(b':')[1]):
                    break
    except OSError:
        pass
    s.close()
    line = got.split(b'\r\n', 1)[0]
    try:
        code = int(line.split()[1])
    except (IndexError, ValueError):
        code = 0
    return code, got, (time.time() - t) * 1000


if not wait_up():
    print('  FAIL the server did not start: ' + open(os.path.join(work, 'serve.log'), 'rb').read().decode()[:300])
    sys.exit(1)


def alive():
    return srv.poll() is None


def expect(label, status, ms, ok_codes, body=b''):
    if isinstance(ok_codes, int):
        ok_codes = (ok_codes,)
    ok = status in ok_codes
    if not ok:
        fail('%s: status %s, expected %s' % (label, status, '/'.join(map(str, ok_codes))))
    if ms > SLOW_MS:
        fail('%s: took %.0f ms' % (label, ms))
    print('  %-4s %3s %6.0f ms  %s' % ('ok' if ok else 'FAIL', status, ms, label))
    rows.append((label, status))


def check_escaped(label, body):
    if b'<script>alert' in body or b'<img src=x' in body:
        fail('%s: payload came back unescaped' % label)
        return False
    return True


rows = []
st, jar = login()
COOKIES.update(jar)
if st != 303 or not COOKIES.get('kx_sess'):
    fail('login through the form: status %s, cookies %s' % (st, list(COOKIES)))


def page_csrf(cookies):
    """The CSRF token of a session, from the logout form of its pages."""
    import re
    s, b, ms, _ = get('/', cookies=cookies, auth=False)
    m = re.search(rb'action="/logout"><input type="hidden" name="csrf" value="([0-9a-f]+)"', b)
    return m.group(1).decode() if m else ''


def refused_html(label, path, **kw):
    """An HTML route that must redirect to /login and show nothing else."""
    s, b, ms, resp = get(path, **kw)
    loc = resp.getheader('Location', '') or ''
    expect(label + ' ' + path, s, ms, 303)
    if not loc.startswith('/login'):
        fail('%s %s: redirects to %r, not /login' % (label, path, loc))
    if b or 'kx_sess=' in (resp.getheader('Set-Cookie', '') or ''):
        fail('%s %s: answered with a body or a session (%d bytes)' % (label, path, len(b)))


def refused_api(label, path, **kw):
    s, b, ms, resp = get(path, **kw)
    expect(label + ' ' + path, s, ms, 401)
    if b'"results"' in b:
        fail('%s %s: answered with results' % (label, path))


HTML_ROUTES = ['/', '/search?q=kind', '/search?article=3', '/articles', '/doc/1', '/doc/1/pdf', '/doc/1?q=kind']
API_ROUTES = ['/api/search?q=kind', '/api/doc/1']
if ONLY in (None, 'hostile', 'auth'):
    print('  sessions and CSRF (status, time, what):')
    for path in HTML_ROUTES:
        s, b, ms, _ = get(path, auth=False)
        expect('with the session ' + path, s, ms, 200)
        refused_html('no credentials', path, cookies=False, auth=False)
        refused_html('Basic credentials only (pages need a session)', path, cookies=False)
        refused_html('a made-up session', path, cookies={'kx_sess': 'ab' * 32}, auth=False)
    for path in API_ROUTES:
        s, b, ms, _ = get(path, auth=False)
        expect('session cookie only ' + path, s, ms, 200)
        s, b, ms, _ = get(path, cookies=False)
        expect('Basic credentials only ' + path, s, ms, 200)
        refused_api('no credentials', path, cookies=False, auth=False)
        refused_api('a made-up session', path, cookies={'kx_sess': 'ab' * 32}, auth=False)
    s, b, ms, _ = get('/login', cookies=False, auth=False)
    expect('no credentials /login (the login form)', s, ms, 200)
    if b'name="password"' not in b or b'action="/logout"' in b:
        fail('/login without a session: not just the login form')
    for label, kw in [('a login POST without a CSRF token', {'csrf': False}),
                      ('a login POST with a wrong CSRF token', {'wrong_csrf': True}),
                      ('a login POST without the form\'s cookie', {'pre_cookie': False})]:
        t = time.time()
        st, jar = login(**kw)
        expect(label, st, (time.time() - t) * 1000, 403)
        if jar.get('kx_sess'):
            fail(label + ': a session was set')
    # A second session, to log out of.
    st, jar2 = login()
    if st != 303 or not jar2.get('kx_sess'):
        fail('second login: status %s' % st)
    tok = page_csrf(jar2)
    form = {'Content-Type': 'application/x-www-form-urlencoded'}
    for label, body in [('logout without a CSRF token', ''), ('logout with a wrong CSRF token', 'csrf=' + '0' * 64),
                        ('logout with the token of another session', 'csrf=' + page_csrf(COOKIES))]:
        s, b, ms, _ = get('/logout', method='POST', body=body, headers=form, cookies=jar2, auth=False)
        expect(label, s, ms, 403)
        s, b, ms, _ = get('/search?q=kind', cookies=jar2, auth=False)
        expect('  ... and the session still works', s, ms, 200)
    s, b, ms, _ = get('/search?q=kind', method='POST', body='csrf=' + tok, headers=form, cookies=jar2, auth=False)
    expect('POST to /search', s, ms, 405)
    s, b, ms, resp = get('/logout', method='POST', body='csrf=' + tok, headers=form, cookies=jar2, auth=False)
    expect('logout with the session\'s token', s, ms, 303)
    if not (resp.getheader('Location', '') or '').startswith('/login') or not tok:
        fail('logout: redirects to %r (token %r)' % (resp.getheader('Location', ''), tok))
    for path in HTML_ROUTES:
        refused_html('the session ended by logout', path, cookies=jar2, auth=False)
    for path in API_ROUTES:
        refused_api('the session ended by logout', path, cookies=jar2, auth=False)
    refused_html('logout without a session', '/logout', method='POST', body='csrf=' + tok, headers=form,
                 cookies=False, auth=False)
    s, b, ms, _ = get('/search?q=kind', auth=False)
    expect('the first session is untouched by the other\'s logout', s, ms, 200)

if ONLY in (None, 'hostile'):
    print('  hostile requests (status, time, what):')
    # -- well-formed, as a baseline
    s, b, ms, _ = get('/api/search?q=kind')
    expect('baseline /api/search?q=kind', s, ms, (200,))
    s, b, ms, _ = get('/api/search?q=kind', headers={'Authorization': 'Basic ' + base64.b64encode(b'rel:wrong').decode()}, cookies=False)
    expect('wrong password', s, ms, (401,))
    s, b, ms, _ = get('/api/search?q=kind', headers={'Authorization': 'Basic %%%%not-base64'}, cookies=False)
    expect('garbage Basic credentials', s, ms, 401)
    # -- malformed HTTP
    # One expected answer each.  0: libmicrohttpd closes the connection
    # without an answer when the request line is not text at all.  303: the
    # request is understood (without credentials, so to /login).
    for label, data, want in [
        ('request line of garbage (closed without an answer)', b'\x00\x01\x02garbage\r\n\r\n', 0),
        ('no HTTP version', b'GET /api/search?q=kind\r\n\r\n', 400),
        ('HTTP/9.9', b'GET / HTTP/9.9\r\nHost: x\r\n\r\n', 505),
        ('header without colon', b'GET / HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n', 400),
        ('bare LF line ends (understood)', b'GET / HTTP/1.1\nHost: x\n\n', 303),
        ('header line of 100 kB (understood)', b'GET / HTTP/1.1\r\nHost: x\r\nX-Big: ' + b'a' * 100000 + b'\r\n\r\n', 303),
        ('1,000 headers (understood)', b'GET / HTTP/1.1\r\nHost: x\r\n' + b''.join(b'X-%d: y\r\n' % i for i in range(1000)) + b'\r\n', 303),
        ('Content-Length -1', b'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 400),
        ('Content-Length 10^20', b'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000000000000000\r\n\r\n', 413),
        ('POST body of 2 MB to /login', b'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n' + b'a' * 2000000, 413),
        ('chunked body with bad chunk size', b'POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n', 400),
        ('unknown method BREW', b'BREW / HTTP/1.1\r\nHost: x\r\n\r\n', 405),
        ('DELETE /api/search', b'DELETE /api/search HTTP/1.1\r\nHost: x\r\n\r\n', 405),
        ('absolute-form URL of another host (to our /login)', b'GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n', 303),
    ]:
        code, got, ms = raw(data)
        expect(label, code, ms, want)
        loc = [l for l in got.split(b'\r\n\r\n')[0].split(b'\r\n') if l.lower().startswith(b'location:')]
        if code == 303 and (not loc or not loc[0][9:].strip().startswith(b'/login')):
            fail(label + ': redirects to %r' % loc)
    # A request that is all garbage and then a half-close, ten times: under
    # libmicrohttpd's edge-triggered epoll most of these waited for the
    # connection timeout, since the client's FIN came with the data.
    slow = 0
    for _ in range(10):
        code, got, ms = raw(b'\x00\x01\x02garbage\r\n\r\n', timeout=3)
        slow += ms > 2000
    if slow:
        fail('garbage then half-close: %d of 10 connections were left open' % slow)
    else:
        print('  ok   garbage then half-close, 10 times: every connection closed at once')
    # -- long URLs and queries
    s, b, ms, _ = get('/api/search?q=' + 'a' * 5000)
    expect('query of 5,000 bytes', s, ms, 400)
    code, got, ms = raw(b'GET /api/search?q=' + b'kind+' * 200000 + b' HTTP/1.1\r\nHost: x\r\nAuthorization: ' + AUTH.encode() + b'\r\n\r\n')
    expect('URL of 1 MB', code, ms, 414)
    s, b, ms, _ = get('/' + 'a/' * 3000)
    expect('path of 6,000 bytes', s, ms, 400)
    # -- invalid UTF-8, NUL, control characters
    for label, path, want in [('invalid UTF-8 in q', '/api/search?q=%ff%fe%c3%28', 400),
                              ('overlong UTF-8 slash in q', '/api/search?q=%c0%af', 400),
                              ('NUL in q', '/api/search?q=kind%00drop', 400),
                              ('invalid UTF-8 in the path', '/api/doc/%ff%fe', 400),
                              ('CR LF in a parameter (header injection; a query like any)', '/api/search?q=kind%0d%0aSet-Cookie:%20x=1', 200),
                              ('invalid UTF-8 in article', '/api/search?article=%ff', 400),
                              ]:
        s, b, ms, resp = get(path)
        expect(label, s, ms, want)
        if resp.getheader('Set-Cookie', '') and 'x=1' in resp.getheader('Set-Cookie', ''):
            fail(label + ': header injected')
    # -- unknown and huge parameters
    s, b, ms, _ = get('/api/search?q=kind&nosuchparam=1&another=2')
    expect('unknown parameters (ignored)', s, ms, 200)
    s, b, ms, _ = get('/api/search?' + '&'.join('p%d=%d' % (i, i) for i in range(500)))
    expect('500 parameters', s, ms, 400)
    s, b, ms, _ = get('/api/search?q=kind&limit=99999999999999999999&offset=-5')
    expect('limit 10^20, offset -5', s, ms, 400)
    s, b, ms, _ = get('/api/search?q=kind&offset=4294967296')
    expect('offset 2^32', s, ms, 400)
    s, b, ms, _ = get('/api/search?q=kind&from=-99999999999&to=99999999999999')
    expect('years out of range', s, ms, 400)
    s, b, ms, _ = get('/api/search?' + '&'.join('article=%d' % i for i in range(1, 40)))
    expect('39 article filters', s, ms, 400)
    s, b, ms, _ = get('/api/search?q=kind&q=other&q=third')
    expect('q given three times', s, ms, 200)
    s, b, ms, _ = get('/api/search?article=' + '9' * 300)
    expect('article spec of 300 digits', s, ms, 400)
    s, b, ms, _ = get('/api/search?q=art:99999999999999999999')
    expect('art:10^20 in the query', s, ms, 400)
    # -- query syntax that would expand without bound
    for q in ['a*', 'a* b* c* d* e*', '*', '"a* b*"', 'title:a*', '(a* OR b* OR c*) AND NOT z*',
              '"' + ' '.join(['kind'] * 200) + '"', '(' * 500 + 'kind' + ')' * 500, 'NEAR/999999 kind']:
        s, b, ms, _ = get('/api/search?q=' + __import__('urllib.parse').parse.quote(q))
        expect('query %r' % (q[:40] + ('...' if len(q) > 40 else '')), s, ms, 200)
    # -- path traversal on every route
    for route in ['/', '/search', '/articles', '/doc/1', '/doc/1/pdf', '/api/search', '/api/doc/1', '/login', '/logout',
                  '/lang', '/style.css', '/favicon.ico', '/static/x']:
        for t in ['/../../../../etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd',
                  '/....//....//etc/passwd', '?file=../../../../etc/passwd', '/..\\..\\etc\\passwd']:
            s, b, ms, _ = get(route.rstrip('/') + t)
            ok = b'root:x:0:0' not in b
            if not ok:
                fail('traversal %s%s leaked /etc/passwd' % (route, t))
            rows.append((route + t, s))
        code, got, ms = raw(b'GET ' + route.encode() + b'/../../../../etc/passwd HTTP/1.1\r\nHost: x\r\nAuthorization: ' + AUTH.encode() + b'\r\n\r\n')
        if b'root:x:0:0' in got:
            fail('raw traversal on %s leaked /etc/passwd' % route)
        print('  %-4s %3s %6.0f ms  path traversal x7 on %s (no /etc/passwd in any answer)' % ('ok', code, ms, route))
    s, b, ms, _ = get('/doc/../../../etc/passwd/pdf')
    expect('/doc/../../../etc/passwd/pdf', s, ms, 404)
    s, b, ms, _ = get('/doc/999999999/pdf')
    expect('/doc/999999999/pdf (no such document)', s, ms, (404,))
    s, b, ms, _ = get('/doc/0/pdf')
    expect('/doc/0/pdf', s, ms, 404)
    # -- script payloads: in queries, in PDF titles and text
    for path, want in [('/search?q=%3Cscript%3Ealert(1)%3C/script%3E', 200), ('/search?q=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E', 200),
                       ('/search?q=zzxssbody', 200), ('/api/search?q=zzxssbody', 200), ('/search?article=%3Cscript%3E', 400),
                       ('/search?q=kind&type=%3Cscript%3E', 400), ('/login?next=javascript:alert(1)', 303),
                       ('/login?next=//evil.example/', 303)]:
        s, b, ms, resp = get(path)
        if path.startswith('/api/') and s == 200:
            # JSON carries raw text by design (search.h (3)); what must be
            # safe is the content type and every "html" field
            d = json.loads(b)
            if d['total'] < 1:
                fail(path + ': the PDF with script payloads is not found')
            if not resp.getheader('Content-Type', '').startswith('application/json'):
                fail(path + ': answered as ' + resp.getheader('Content-Type', ''))
            for r in d['results']:
                for psg in [r.get('snippet') or {}] + r.get('passages', []):
                    check_escaped(path + ' (html of a passage)', (psg.get('html') or '').encode())
        else:
            check_escaped(path, b)
        loc = resp.getheader('Location', '') or ''
        if 'evil.example' in loc or loc.startswith('javascript'):
            fail(path + ': redirect to ' + loc)
        expect('script payload ' + path, s, ms, want)
    s, b, ms, _ = get('/search?q=zzxssbody')
    if b'&lt;script&gt;' not in b and b'&#60;script' not in b.lower():
        fail('the PDF title with <script> is not shown escaped on /search')
    else:
        print('  ok   PDF title and text with <script> are shown escaped (&lt;script&gt;) on /search')
    if not alive():
        fail('the server died during the hostile requests')
    else:
        print('  ok   server still running after %d hostile requests' % len(rows))
    statuses = {}
    for _, st in rows:
        statuses[st] = statuses.get(st, 0) + 1
    print('HOSTILE_RESULT requests=%d statuses=%s server_alive=%s' % (
        len(rows), ','.join('%s:%d' % kv for kv in sorted(statuses.items())), alive()))

if ONLY in (None, 'readers'):
    print('  readers while writing:')
    new = os.path.join(docs, 'new-while-serving')
    os.makedirs(new)
    n_new = 0
    for i, f in enumerate(sorted(os.listdir(os.path.join(docs, 'un')))[:4]):
        if f.endswith('.pdf'):
            shutil.copy(os.path.join(docs, 'un', f), os.path.join(new, 'copy%d-%s' % (i, f)))
            n_new += 1
    tiny_pdf(os.path.join(new, 'marker.pdf'), b'marker', b'zzreadermarker het belang van het kind staat voorop bij alle beslissingen die kinderen aangaan, zo bepaalt artikel 3 van het verdrag')
    n_new += 1
    s, b, ms, _ = get('/api/search?q=zzreadermarker')
    before = json.loads(b)['total'] if s == 200 else -1
    stats = {'ok': 0, 'bad': 0, 'max_ms': 0, 'why': []}
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                s, b, ms, _ = get('/api/search?q=belang+van+het+kind&limit=5')
                if s == 200:
                    json.loads(b)
                    stats['ok'] += 1
                else:
                    stats['bad'] += 1
                    stats['why'].append('%d %s' % (s, b[:200].decode('utf-8', 'replace')))
                stats['max_ms'] = max(stats['max_ms'], ms)
            except Exception as e:
                stats['bad'] += 1
                stats['why'].append(repr(e)[:200])
            time.sleep(0.02)
    ths = [threading.Thread(target=reader) for _ in range(4)]
    for t in ths:
        t.start()
    t0 = time.time()
    ix = subprocess.run([KINDEX, 'index', '--db', db, '--quiet', '--batch', '2', docs], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    t_index = time.time() - t0
    if ix.returncode > 1 or ix.returncode < 0:
        fail('the indexer failed while the server was reading (exit %d): ' % ix.returncode
             + ix.stdout.decode('utf-8', 'replace')[-600:])
    seen_after = None
    for _ in range(50):
        s, b, ms, _ = get('/api/search?q=zzreadermarker')
        if s == 200 and json.loads(b)['total'] >= 1:
            seen_after = time.time() - t0 - t_index
            break
        time.sleep(0.1)
    stop.set()
    for t in ths:
        t.join()
    print('  %-4s indexer added %d documents in %.1f s (exit %d); readers meanwhile: %d answers 200, %d errors, slowest %.0f ms' % (
        'ok' if stats['bad'] == 0 and stats['ok'] > 0 else 'FAIL', n_new, t_index, ix.returncode, stats['ok'], stats['bad'], stats['max_ms']))
    if stats['bad'] or not stats['ok']:
        fail('readers got errors while the indexer wrote: ' + ' | '.join(stats['why'][:3]))
    if before != 0:
        fail('the marker document was found before it was indexed (%s)' % before)
    if seen_after is None:
        fail('the new document is not found after the indexer finished (no reopen?)')
    else:
        print('  ok   the new document is found %.1f s after the indexer finished, without a restart' % max(seen_after, 0))
    if not alive():
        fail('the server died while the indexer wrote')
    print('READERS_RESULT answers=%d errors=%d new_docs_seen=%s' % (stats['ok'], stats['bad'], seen_after is not None))

srv.terminate()
try:
    rc = srv.wait(120)
    if rc != 0:
        fail('the server exited %d on SIGTERM' % rc)
except subprocess.TimeoutExpired:
    fail('the server did not stop on SIGTERM')
    srv.kill()
shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if fails else 0)
