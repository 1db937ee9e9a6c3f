// satr::write_file: all-or-nothing file output.
//
// A regular file is written whole somewhere the name does not point at, flushed to disk,
// and only then given the name (rename(2), atomic within a folder), so that a failure or a
// killed process never leaves a partial file and never changes the one already there. The
// new file takes the old one's permissions. Through a symbolic link the link's target is
// written, and the link stays. A pipe or a device has no partial-file problem and is
// written in place.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>

#include "satr/error.hpp"
#include "satr/serialize.hpp"

namespace satr {
namespace {

/// Owns a POSIX file descriptor.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  /// Closes now and reports failure: on some file systems a write error only shows here.
  bool close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

/// Removes a named temporary file unless it was renamed into place.
class TemporaryName {
 public:
  TemporaryName() = default;
  ~TemporaryName() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TemporaryName(const TemporaryName&) = delete;
  TemporaryName& operator=(const TemporaryName&) = delete;

  void set(std::string path) { path_ = std::move(path); }
  const std::string& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::string path_;
};

[[noreturn]] void throw_io(const std::string& path, int error) {
  throw Error(ErrorCode::Io, "cannot write '" + path + "': " + std::strerror(error));
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The file a name stands for: symbolic links followed, even one that points at nothing
// yet (the file is then created where it points).
std::string resolve_links(const std::string& path) {
  std::string target = path;
  constexpr int kMaxLinks = 40;  // As the kernel's own limit for path lookups.
  for (int hops = 0; hops < kMaxLinks; ++hops) {
    struct stat status {};
    if (::lstat(target.c_str(), &status) != 0 || !S_ISLNK(status.st_mode)) return target;
    char link[PATH_MAX];
    const ssize_t length = ::readlink(target.c_str(), link, sizeof(link) - 1);
    if (length < 0) throw_io(path, errno);
    const std::string points_to(link, static_cast<std::size_t>(length));
    target = points_to.starts_with('/') ? points_to : folder_of(target) + "/" + points_to;
  }
  throw_io(path, ELOOP);
}

// A pipe or device: written in place. A pipe nobody reads would block for ever: it is
// refused at once instead.
void write_in_place(const std::string& path, const std::string& target, bool fifo,
                    std::string_view bytes) {
  FileDescriptor fd(::open(target.c_str(), O_WRONLY | O_CLOEXEC | (fifo ? O_NONBLOCK : 0)));
  if (fd.get() < 0) {
    if (fifo && errno == ENXIO) {
      throw Error(ErrorCode::Io, "cannot write '" + path + "': no process reads the pipe");
    }
    throw_io(path, errno);
  }
  if (fifo) {
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) throw_io(path, errno);
  }
  if (!write_all(fd.get(), bytes)) throw_io(path, errno);
  if (!fd.close()) throw_io(path, errno);
}

std::atomic<unsigned> temporary_counter{0};

}  // namespace

void write_file(const std::string& path, std::string_view bytes) {
  if (path.empty()) throw Error(ErrorCode::Io, "cannot write '': empty file name");
  const std::string target = resolve_links(path);
  struct stat status {};
  const bool exists = ::stat(target.c_str(), &status) == 0;
  if (exists && S_ISDIR(status.st_mode)) throw_io(path, EISDIR);
  if (exists && !S_ISREG(status.st_mode)) {
    // Renaming over /dev/null or a FIFO would replace the node itself.
    write_in_place(path, target, S_ISFIFO(status.st_mode), bytes);
    return;
  }

  const std::string folder = folder_of(target);
  // An unnamed file in the target's folder (same file system, so the final rename is
  // atomic) that a killed process leaves nothing of; a hidden named one where the file
  // system has no unnamed files.
  TemporaryName temporary;
  int fd_value = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  const bool unnamed = fd_value >= 0;
  if (!unnamed) {
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) throw_io(path, errno);
    for (int attempt = 0; attempt < 100 && fd_value < 0; ++attempt) {
      temporary.set(folder + "/." + name_of(target) + ".tmp" + std::to_string(::getpid()) + "-" +
                    std::to_string(temporary_counter.fetch_add(1)));
      fd_value = ::open(temporary.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd_value < 0 && errno != EEXIST) {
        temporary.release();
        throw_io(path, errno);
      }
    }
    if (fd_value < 0) {
      temporary.release();
      throw_io(path, EEXIST);
    }
  }
  FileDescriptor fd(fd_value);
  // The file it replaces keeps its permissions (a private 0600 file stays private).
  if (exists && ::fchmod(fd.get(), status.st_mode & 07777) != 0) throw_io(path, errno);
  if (!write_all(fd.get(), bytes)) throw_io(path, errno);
  // On disk before it takes the name: after a crash the name holds the old file or the
  // whole new one.
  if (::fsync(fd.get()) != 0) throw_io(path, errno);

  if (unnamed) {
    // An unnamed file gets a name through /proc; a new file takes the target's name
    // directly, a replacement a temporary one first (linkat cannot replace).
    const std::string self = "/proc/self/fd/" + std::to_string(fd.get());
    if (!exists &&
        ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, target.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      if (!fd.close()) throw_io(path, errno);
      FileDescriptor directory(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      if (directory.get() >= 0) ::fsync(directory.get());
      return;
    }
    if (!exists && errno != EEXIST) throw_io(path, errno);
    for (int attempt = 0; attempt < 100 && temporary.path().empty(); ++attempt) {
      const std::string name = folder + "/." + name_of(target) + ".tmp" +
                               std::to_string(::getpid()) + "-" +
                               std::to_string(temporary_counter.fetch_add(1));
      if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
        temporary.set(name);
      } else if (errno != EEXIST) {
        throw_io(path, errno);
      }
    }
    if (temporary.path().empty()) throw_io(path, EEXIST);
  }
  if (!fd.close()) throw_io(path, errno);
  if (::rename(temporary.path().c_str(), target.c_str()) != 0) throw_io(path, errno);
  temporary.release();
  // The rename itself on disk.
  FileDescriptor directory(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (directory.get() >= 0) ::fsync(directory.get());
}

}  // namespace satr
