-- load.lua - wrk script: a mix of searches against /api/search with Basic
-- authentication.  KINDEX_AUTH (env) holds "user:password" base64-encoded.
local auth = os.getenv("KINDEX_AUTH")
wrk.headers["Authorization"] = "Basic " .. auth
local queries = {
	"q=kind", "q=belang", "q=jeugdzorg", "q=asylum", "q=detention", "q=onderwijs",
	"q=%22belang+van+het+kind%22", "q=%22best+interests+of+the+child%22",
	"q=%22corporal+punishment%22", "q=%22uit+huis+plaatsing%22",
	"q=art:3.1", "q=art:12+gehoord", "q=art:37.b", "article=3&q=verblijfsvergunning",
	"article=9&type=ruling", "q=art:19+violence", "q=art:OPSC:2",
	"q=kind&sort=date", "q=family+AND+reunification", "q=migra*",
	"q=kind&page=2", "q=child&lang=en", "q=kinderen&court=RVS", "type=ruling&from=2015&to=2024",
}
local n = 0
request = function()
	n = n + 1
	return wrk.format("GET", "/api/search?" .. queries[(n % #queries) + 1])
end
local bad = 0
response = function(status, headers, body)
	if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("WRK requests=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.1f p99_ms=%.1f rps=%.0f\n",
		summary.requests, e.status, e.connect, e.read, e.write, e.timeout,
		latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		summary.requests / (summary.duration / 1e6)))
end
