const dateTime = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

/** "23 Nov 2026, 17:05" in UK time, whatever the server's zone. */
export const formatDateTime = (value: Date | string) => dateTime.format(new Date(value));

/** "Chrome on Windows" from a User-Agent header: enough for a person to recognise a device. */
export function describeUserAgent(userAgent: string): string {
	const browser = /Edg\//.test(userAgent)
		? 'Edge'
		: /Firefox\//.test(userAgent)
			? 'Firefox'
			: /Chrome\/|Chromium\//.test(userAgent)
				? 'Chrome'
				: /Safari\//.test(userAgent)
					? 'Safari'
					: null;
	const system = /iPhone|iPad/.test(userAgent)
		? 'iOS'
		: /Android/.test(userAgent)
			? 'Android'
			: /Windows/.test(userAgent)
				? 'Windows'
				: /Mac OS X|Macintosh/.test(userAgent)
					? 'macOS'
					: /Linux/.test(userAgent)
						? 'Linux'
						: null;
	if (browser && system) return `${browser} on ${system}`;
	return browser ?? system ?? 'Unknown device';
}

/** "5 minutes" / "1 minute" for a wait given in seconds, never less than a minute. */
export const minutesText = (seconds: number) => {
	const m = Math.max(1, Math.ceil(seconds / 60));
	return `${m} minute${m === 1 ? '' : 's'}`;
};

/** Hours to at most `places` decimal places, thousands grouped: "1,250", "12.5", "5.25". */
export const formatHours = (hours: number, places = 2) =>
	hours.toLocaleString('en-GB', { maximumFractionDigits: places });

/** A share as a percentage to at most `places` decimal places: "33%", "10.2%". */
export const formatShare = (share: number, places = 0) =>
	share.toLocaleString('en-GB', { style: 'percent', maximumFractionDigits: places });
