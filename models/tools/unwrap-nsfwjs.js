#!/usr/bin/env node
// Turns the MobileNetV2 that the npm package nsfwjs ships as browserified scripts
// (dist/models/mobilenet_v2/model.min.js + group1-shard1of1.min.js, a base64 string) into the
// standard TF.js layers-model layout: model.json + binary weight shards, which
// `./scene-labeler import-weights` reads.
//
//   npm pack nsfwjs@4.4.0 && tar xzf nsfwjs-4.4.0.tgz
//   node models/tools/unwrap-nsfwjs.js package/dist/models/mobilenet_v2 /tmp/mobilenet_v2-tfjs
'use strict';
const fs = require('fs');
const path = require('path');

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error('usage: unwrap-nsfwjs.js NSFWJS_MODEL_DIR OUT_DIR');
  process.exit(2);
}
const model = require(path.resolve(src, 'model.min.js'));
fs.mkdirSync(out, { recursive: true });
for (const group of model.weightsManifest) {
  group.paths = group.paths.map((name) => {
    const data = require(path.resolve(src, name + '.min.js'));
    if (typeof data !== 'string') {
      throw new Error(name + '.min.js does not hold a base64 string');
    }
    const bin = name + '.bin';
    fs.writeFileSync(path.join(out, bin), Buffer.from(data, 'base64'));
    return bin;
  });
}
fs.writeFileSync(path.join(out, 'model.json'), JSON.stringify(model));
console.log('wrote ' + path.join(out, 'model.json') + ' and ' + model.weightsManifest.map((g) => g.paths.join(', ')).join(', '));
