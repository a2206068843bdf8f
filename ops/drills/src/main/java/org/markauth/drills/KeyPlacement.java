package org.markauth.drills;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the services' keys ended up in the cluster, by family ({@code scan}, {@code c:<cache>},
 * {@code rl}, {@code rid} ...: the key after the prefix up to its first ':' or '{', a cache's name
 * added): every key must sit on the master that serves its hash slot, the keys sharing a hash tag
 * (a multi-key script's keys) on one node, and each code's counter hash together with the two other
 * keys its script touches (its clients' HyperLogLog, its bucket's completeness mark).
 */
final class KeyPlacement {

    /** Figures per family: keys, masters holding some, tag groups, groups split over nodes. */
    record Family(String name, int keys, int masters, int tagGroups, int splitGroups) {
        @Override
        public String toString() {
            return name + "=" + keys + "/" + masters + "m" + (tagGroups > 0 ? "/" + tagGroups + "tags" : "");
        }
    }

    final Map<String, Family> families = new TreeMap<>();
    /** Keys found on a node that does not serve their slot. */
    final List<String> misplaced = new ArrayList<>();
    /** Counter hashes whose script's other keys are not on the same node. */
    final List<String> scriptSplit = new ArrayList<>();
    int keys;

    /**
     * @param byMaster the keys each master holds (all of them start with {@code prefix})
     */
    KeyPlacement(Map<RedisClusterNodes.Node, List<String>> byMaster, String prefix) {
        Map<String, Set<Integer>> mastersOf = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Map<String, Set<Integer>>> tagNodes = new HashMap<>();
        Map<String, Integer> nodeOfKey = new HashMap<>();
        for (var e : byMaster.entrySet()) {
            RedisClusterNodes.Node node = e.getKey();
            for (String key : e.getValue()) {
                keys++;
                nodeOfKey.put(key, node.number());
                if (!node.serves(HashSlot.of(key))) {
                    misplaced.add(key + " on " + node + ", slot " + HashSlot.of(key));
                }
                String family = family(key.substring(prefix.length()));
                counts.merge(family, 1, Integer::sum);
                mastersOf.computeIfAbsent(family, f -> new HashSet<>()).add(node.number());
                String tag = HashSlot.tag(key);
                if (tag != null) {
                    tagNodes.computeIfAbsent(family, f -> new HashMap<>()).computeIfAbsent(tag, t -> new HashSet<>()).add(node.number());
                }
            }
        }
        for (var e : counts.entrySet()) {
            Map<String, Set<Integer>> tags = tagNodes.getOrDefault(e.getKey(), Map.of());
            int split = (int) tags.values().stream().filter(nodes -> nodes.size() > 1).count();
            families.put(e.getKey(), new Family(e.getKey(), e.getValue(), mastersOf.get(e.getKey()).size(), tags.size(), split));
        }
        // ScanCounters' record script: KEYS = the code's hash, its ":c" HyperLogLog, the bucket's ":complete" mark
        for (var e : nodeOfKey.entrySet()) {
            String k = e.getKey();
            String rest = k.substring(prefix.length());
            if (rest.startsWith("scan:{") && !rest.endsWith(":c") && !rest.endsWith(":complete")) {
                String mark = k.substring(0, k.indexOf('}') + 1) + ":complete";
                Integer hll = nodeOfKey.get(k + ":c");
                Integer complete = nodeOfKey.get(mark);
                if ((hll != null && !hll.equals(e.getValue())) || (complete != null && !complete.equals(e.getValue()))) {
                    scriptSplit.add(k + " on node" + e.getValue() + ", :c on node" + hll + ", mark on node" + complete);
                }
            }
        }
    }

    static String family(String rest) {
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != ':' && rest.charAt(end) != '{') {
            end++;
        }
        String f = rest.substring(0, end);
        if (f.equals("c") && end < rest.length()) {
            int next = rest.indexOf(':', end + 1);
            f = "c:" + rest.substring(end + 1, next < 0 ? rest.length() : next);
        }
        return f;
    }

    int splitGroups() {
        return families.values().stream().mapToInt(Family::splitGroups).sum();
    }

    int tagGroups() {
        return families.values().stream().mapToInt(Family::tagGroups).sum();
    }
}
