import { consistencyProof, inclusionProof, leafHash, rootHash } from '../src/audit/merkle-tree.js';
// @ts-expect-error: a plain-JavaScript tool without type declarations, on purpose (no project imports, no build)
import { rootFromInclusionProof, verifyConsistency } from '../tools/verify-proof.mjs';

/** The leaves of the RFC 6962 test vectors (certificate-transparency's merkle tree tests). */
const VECTOR_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) =>
  leafHash(Buffer.from(hex, 'hex')),
);
const VECTOR_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('the audit log Merkle tree (RFC 9162) and the stand-alone verifier', () => {
  it('gives the roots of the published test vectors', () => {
    VECTOR_ROOTS.forEach((root, index) => expect(rootHash(VECTOR_LEAVES, 0, index + 1).toString('hex')).toBe(root));
  });

  const leaves = Array.from({ length: 33 }, (_, i) => leafHash(Buffer.from(`entry ${i + 1}`)));

  it('makes inclusion proofs the verifier accepts for every leaf of every size, and refuses them for another leaf', () => {
    for (let size = 1; size <= leaves.length; size++) {
      const root = rootHash(leaves, 0, size);
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(leaves, index, size);
        expect(rootFromInclusionProof(index, size, leaves[index], proof).equals(root)).toBe(true);
        if (size > 1) expect(rootFromInclusionProof(index, size, leaves[(index + 1) % size], proof).equals(root)).toBe(false);
      }
    }
  });

  it('makes consistency proofs the verifier accepts between every two sizes, and refuses a rewritten prefix', () => {
    const rewritten = [...leaves];
    rewritten[2] = leafHash(Buffer.from('entry 3, rewritten'));
    for (let second = 1; second <= leaves.length; second++) {
      for (let first = 1; first <= second; first++) {
        const proof = consistencyProof(leaves, first, second);
        expect(() => verifyConsistency(first, second, rootHash(leaves, 0, first), rootHash(leaves, 0, second), proof)).not.toThrow();
        if (first >= 3 && first < second) {
          expect(() => verifyConsistency(first, second, rootHash(rewritten, 0, first), rootHash(leaves, 0, second), proof)).toThrow();
        }
      }
    }
  });
});
