package dev.agentfn.a2a;

import java.util.List;

/**
 * One page of tasks.
 *
 * @param nextPageToken where the next page starts, or {@code ""} on the last page
 * @param totalSize how many tasks match the filters in all
 */
public record TaskPage(List<StoredTask> tasks, String nextPageToken, int totalSize) {
  public TaskPage {
    tasks = List.copyOf(tasks);
  }
}
