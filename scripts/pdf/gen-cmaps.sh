#!/usr/bin/env bash
# Regenerates document/pdf/cmap/data from Adobe's CMap resources as Debian's
# poppler-data package ships them (/usr/share/poppler/cMap/Adobe-Korea1):
# the Adobe-Korea1 CID -> Unicode map and the predefined Korean CMaps.
# Each file is kept as Adobe wrote it, without comment lines, gzipped; the
# licence (BSD-3-Clause, from the files' own header) goes to LICENSE.
set -euo pipefail
src=/usr/share/poppler/cMap/Adobe-Korea1
if [ ! -d "$src" ]; then
	apt-get install -y --no-install-recommends poppler-data
fi
out="$(cd "$(dirname "$0")/../.." && pwd)/document/pdf/cmap/data"
mkdir -p "$out"
rm -f "$out"/*.gz
for name in Adobe-Korea1-UCS2 \
	UniKS-UCS2-H UniKS-UCS2-V UniKS-UTF16-H UniKS-UTF16-V \
	KSC-EUC-H KSC-EUC-V KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V; do
	grep -v '^%' "$src/$name" | grep -v '^[[:space:]]*$' | gzip -9n >"$out/$name.gz"
done
{
	echo "Files in this folder: Adobe CMap resources (Adobe-Korea1-2), from Debian's"
	echo "poppler-data $(dpkg-query -W -f='${Version}' poppler-data 2>/dev/null || echo '?')"
	echo "($src), comment lines removed and gzipped by scripts/pdf/gen-cmaps.sh."
	echo "Their licence, as the files state it:"
	echo
	sed -n 's/^%%Copyright: \{0,1\}//p' "$src/Adobe-Korea1-UCS2" | sed '/^-*$/d'
} >"$out/LICENSE"
ls -l "$out"
