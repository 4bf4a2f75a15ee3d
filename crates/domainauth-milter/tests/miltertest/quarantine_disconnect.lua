-- A p=quarantine failure is held (SMFIR_QUARANTINE) and still goes on;
-- then a client that drops the connection in the middle of a body, and a
-- new connection that is served as usual.
--
-- Run by tests/miltertest.rs: miltertest -D port=PORT -s THIS_FILE.

-- miltertest exits with status 1 without printing error()'s message:
-- say it first.
local function fail(message)
	mt.echo("FAIL: " .. message)
	error(message)
end

local function check(what, err)
	if err ~= nil then
		fail(what .. " failed: " .. tostring(err))
	end
end

local function open(ip)
	local conn = mt.connect("inet:" .. port .. "@127.0.0.1", 5, 0.2)
	if conn == nil then
		fail("cannot connect to the milter on port " .. tostring(port))
	end
	check("negotiate", mt.negotiate(conn, nil, nil, nil))
	check("conninfo", mt.conninfo(conn, "unknown", ip))
	check("helo", mt.helo(conn, "mail.forger.example"))
	return conn
end

local function start_message(conn, from)
	check("mailfrom", mt.mailfrom(conn, "<" .. from .. ">"))
	check("header", mt.header(conn, "From", from))
	check("header", mt.header(conn, "Subject", "offer"))
	check("eoh", mt.eoh(conn))
	check("body", mt.bodystring(conn, "A special offer.\r\n"))
end

local function continues(conn, what)
	local reply = mt.getreply(conn)
	if reply ~= SMFIR_CONTINUE and reply ~= SMFIR_ACCEPT then
		fail(what .. ": reply " .. tostring(reply))
	end
end

-- 1. quarantine.example's name from an address its SPF does not list.
local conn = open("198.51.100.7")
start_message(conn, "news@quarantine.example")
check("eom", mt.eom(conn))
continues(conn, "eom (p=quarantine failure)")
if not mt.eom_check(conn, MT_QUARANTINE) then
	fail("not quarantined")
end
local ar = mt.getheader(conn, "Authentication-Results", 0)
if ar == nil or not string.find(ar, "dmarc=fail") then
	fail("results: " .. tostring(ar))
end

-- 2. Half a message, then the connection dropped without a word.
start_message(conn, "news@quarantine.example")
check("disconnect", mt.disconnect(conn, false))

-- 3. A new connection is served: a domain without DMARC goes on.
conn = open("198.51.100.8")
start_message(conn, "news@open.example")
check("eom", mt.eom(conn))
continues(conn, "eom after a dropped connection")
if mt.eom_check(conn, MT_QUARANTINE) then
	fail("quarantined without a policy")
end
if not mt.eom_check(conn, MT_HDRINSERT, "Authentication-Results") then
	fail("no Authentication-Results inserted")
end
mt.disconnect(conn)
mt.echo("ok")
