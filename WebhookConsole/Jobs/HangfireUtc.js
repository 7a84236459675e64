// The console shows times as 24-hour UTC; Hangfire's dashboard formats them with moment.js in the browser's time zone
// and the server's locale (AM/PM under the invariant culture). This makes every moment it creates UTC and its formats
// ISO-like 24-hour ones, marked "UTC" where a date and a time stand alone.
(function () {
    var original = window.moment;
    if (!original) return;
    var formats = {
        LT: 'HH:mm', LTS: 'HH:mm:ss', L: 'YYYY-MM-DD', LL: 'D MMMM YYYY',
        LLL: 'YYYY-MM-DD HH:mm [UTC]', LLLL: 'dddd YYYY-MM-DD HH:mm:ss [UTC]',
        l: 'YYYY-MM-DD', ll: 'D MMM YYYY', lll: 'YYYY-MM-DD HH:mm [UTC]', llll: 'ddd YYYY-MM-DD HH:mm:ss [UTC]'
    };
    var utc = function () { return original.apply(this, arguments).utc(); };
    for (var key in original) {
        if (Object.prototype.hasOwnProperty.call(original, key)) utc[key] = original[key];
    }
    // Hangfire picks the locale at start-up; whichever it picks gets the same formats.
    utc.locale = function () {
        var name = original.locale.apply(original, arguments);
        original.updateLocale(name, { longDateFormat: formats });
        return name;
    };
    original.updateLocale(original.locale(), { longDateFormat: formats });
    window.moment = utc;
})();
